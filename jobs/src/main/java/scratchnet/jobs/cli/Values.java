package scratchnet.jobs.cli;

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

    /** An integer of at least {@code min}. */
    abstract static class AtLeast implements ITypeConverter<Integer> {
        private final int min;

        AtLeast(int min) {
            this.min = min;
        }

        @Override
        public Integer convert(String text) {
            int n = (int) integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (n < min) {
                throw new TypeConversionException("must be at least " + min + ", got " + n);
            }
            return n;
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

    /** A picture's side in pixels: at least 100. */
    static final class AtLeast100 extends AtLeast {
        AtLeast100() {
            super(100);
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

    /** {@code on} or {@code off}. */
    static final class OnOff extends OneOf {
        OnOff() {
            super(List.of("on", "off"));
        }
    }

    private static long integer(String text, long min, long max) {
        try {
            long n = Long.parseLong(text.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be an integer, got '" + text + "'");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number, got '" + text + "'");
        }
    }
}
