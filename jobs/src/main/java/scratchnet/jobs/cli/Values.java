package scratchnet.jobs.cli;

import java.math.BigInteger;
import java.util.List;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import scratchnet.core.text.PythonFormat;

/**
 * The checks of option values, as picocli converters named in an {@code @Option}: each parses a
 * value and refuses what is out of range, its message completing "{@code --option …}" (the
 * command line adds the command and the option's name).
 */
final class Values {

    private Values() {
    }

    /** An integer of at least {@code min} and at most {@code max}. */
    abstract static class AtLeast implements ITypeConverter<Integer> {
        private final int min;
        private final int max;

        AtLeast(int min) {
            this(min, Integer.MAX_VALUE);
        }

        AtLeast(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Integer convert(String text) {
            return (int) integer(text, min, max);
        }
    }

    /** Images per batch: 1 to a million (what one task holds as float32 pixels, 3 GB, is the bound). */
    static final class BatchSize extends AtLeast {
        BatchSize() {
            super(1, 1_000_000);
        }
    }

    /** Spark partitions: 1 to 100,000 (beyond, the driver's task bookkeeping outweighs the work). */
    static final class Partitions extends AtLeast {
        Partitions() {
            super(1, 100_000);
        }
    }

    /** A picture's scale factor: 1 to 32. */
    static final class Scale extends AtLeast {
        Scale() {
            super(1, 32);
        }
    }

    /** A count that may be zero. */
    static final class AtLeast0 extends AtLeast {
        AtLeast0() {
            super(0);
        }
    }

    /** A count of at least one. */
    static final class AtLeast1 extends AtLeast {
        AtLeast1() {
            super(1);
        }
    }

    /** A picture's side in pixels: 100 to 4096 (a 4096-pixel square is 64 MB to draw). */
    static final class AtLeast100 extends AtLeast {
        AtLeast100() {
            super(100, 4096);
        }
    }

    /** Any integer (a seed). */
    static final class Whole implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return integer(text, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** A fraction such as an accuracy: a number between 0 and 1. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double x = number(text);
            if (!(x >= 0 && x <= 1)) {
                throw new TypeConversionException("must be between 0.0 and 1.0, got " + text);
            }
            return x;
        }
    }

    /** A positive finite number (a learning rate). */
    static final class Positive implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double x = number(text);
            if (!(x > 0 && Double.isFinite(x))) {
                throw new TypeConversionException("must be positive, got " + PythonFormat.repr(x));
            }
            return x;
        }
    }

    /** One of a few names. */
    abstract static class OneOf implements ITypeConverter<String> {
        private final List<String> names;

        OneOf(List<String> names) {
            this.names = List.copyOf(names);
        }

        @Override
        public String convert(String text) {
            if (!names.contains(text)) {
                String choices = names.size() == 2 ? names.get(0) + " or " + names.get(1) : "one of " + String.join(", ", names);
                throw new TypeConversionException("must be " + choices + ", got '" + text + "'");
            }
            return text;
        }
    }

    /** One of an enum's constants, by the name it prints ({@code toString}, as the files record it). */
    abstract static class OneOfEnum<E extends Enum<E>> implements ITypeConverter<E> {
        private final List<E> values;
        private final OneOf names;

        OneOfEnum(E[] values) {
            this.values = List.of(values);
            this.names = new OneOf(this.values.stream().map(Object::toString).toList()) { };
        }

        @Override
        public E convert(String text) {
            String name = names.convert(text);
            return values.stream().filter(v -> v.toString().equals(name)).findFirst().orElseThrow();
        }
    }

    /** A switch on the command line: {@code on} or {@code off}. */
    enum Switch {
        ON, OFF;

        /** @return whether it is on */
        boolean on() {
            return this == ON;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code on} or {@code off} (picocli gives a boolean field values of its own, so a switch is an enum). */
    static final class OnOff extends OneOfEnum<Switch> {
        OnOff() {
            super(Switch.values());
        }
    }

    private static long integer(String text, long min, long max) {
        BigInteger n;
        try {
            n = new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be an integer, got '" + text + "'");
        }
        // Parsed whole, so that an overflowing value is named as out of range, not as "not an integer".
        if (n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException("must be at most " + max + ", got " + text.trim());
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0) {
            throw new TypeConversionException("must be at least " + min + ", got " + text.trim());
        }
        return n.longValueExact();
    }

    private static double number(String text) {
        double x;
        try {
            x = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number, got '" + text + "'");
        }
        if (!Double.isFinite(x)) {
            throw new TypeConversionException("must be finite, got " + text.trim());
        }
        return x;
    }
}
