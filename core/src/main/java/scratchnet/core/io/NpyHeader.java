package scratchnet.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/**
 * The header of a {@code .npy} array: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (784, 50), }}. Parsed by hand, not
 * evaluated: only strings, {@code True}/{@code False} and tuples of ints are understood, and the
 * keys must be exactly the three NumPy writes, as {@code np.load} requires.
 *
 * @param descr        the dtype descriptor, e.g. {@code <f4}
 * @param fortranOrder whether the data is in Fortran (column-major) order
 * @param shape        the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /**
     * @param text  the header text after the length field
     * @param where the file and key, for messages
     * @throws BadInputException when the header is not a dict of the three keys with valid values
     */
    static NpyHeader parse(String text, String where) {
        Map<String, Object> dict = new Parser(text, where).dict();
        if (!dict.keySet().equals(KEYS)) {
            throw new BadInputException(where + ": .npy header has keys " + dict.keySet() + ", expected descr, fortran_order, shape");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new BadInputException(where + ": .npy header descr is not a dtype string (structured arrays are not supported)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw new BadInputException(where + ": .npy header fortran_order is not True or False");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw new BadInputException(where + ": .npy header shape is not a tuple of ints");
        }
        try {
            NdArray.sizeOf(shape);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": .npy header " + e.getMessage(), e);
        }
        return new NpyHeader(descr, fortranOrder, shape);
    }

    /**
     * @return the header as {@code np.save} writes it, before padding, e.g.
     *         {@code {'descr': '<f4', 'fortran_order': False, 'shape': (784, 50), }} followed by
     *         the spare spaces NumPy leaves so that the first dimension may grow in place
     */
    String format() {
        String text = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + NdArray.shapeText(shape) + ", }";
        if (shape.length == 0) {
            return text;
        }
        int growing = shape[fortranOrder ? shape.length - 1 : 0];
        return text + " ".repeat(21 - Integer.toString(growing).length());
    }

    /** A recursive-descent reader of the few Python literals a header holds. */
    private static final class Parser {
        private final String text;
        private final String where;
        private int at;

        Parser(String text, String where) {
            this.text = text;
            this.where = where;
        }

        Map<String, Object> dict() {
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            while (peek() != '}') {
                String key = string();
                if (dict.containsKey(key)) {
                    throw malformed("key '" + key + "' appears twice");
                }
                expect(':');
                dict.put(key, value());
                if (peek() != ',') {
                    break;
                }
                at++;
            }
            expect('}');
            if (peek() != 0) {
                throw malformed("text after the closing brace");
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (text.startsWith("True", at) || text.startsWith("False", at)) {
                boolean value = text.startsWith("True", at);
                at += value ? 4 : 5;
                return value;
            }
            if (c == '(') {
                return tuple();
            }
            // A list is a structured dtype's descr: reported as such by the caller.
            if (c == '[') {
                skipBracketed();
                return List.of();
            }
            throw malformed("unexpected " + describe(c));
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw malformed("expected a quoted key, found " + describe(quote));
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw malformed("unterminated string");
            }
            String s = text.substring(at + 1, end);
            at = end + 1;
            return s;
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (peek() != ')') {
                dims.add(dimension());
                if (peek() != ',') {
                    break;
                }
                at++;
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int dimension() {
            int start = at;
            long value = 0;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                value = value * 10 + (text.charAt(at++) - '0');
                if (value > Integer.MAX_VALUE) {
                    throw malformed("dimension " + text.substring(start, at) + "... is too large");
                }
            }
            if (at == start) {
                throw malformed("expected a non-negative int in shape, found " + describe(peek()));
            }
            if (at < text.length() && text.charAt(at) == 'L') {
                at++; // a Python 2 long, as old NumPy wrote them
            }
            return (int) value;
        }

        private void skipBracketed() {
            int depth = 0;
            do {
                char c = at < text.length() ? text.charAt(at++) : 0;
                if (c == 0) {
                    throw malformed("unterminated list");
                }
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            } while (depth > 0);
        }

        /** @return the next character after white space, or 0 at the end */
        private char peek() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at < text.length() ? text.charAt(at) : 0;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw malformed("expected '" + c + "', found " + describe(peek()));
            }
            at++;
        }

        private static String describe(char c) {
            return c == 0 ? "the end" : "'" + c + "'";
        }

        private BadInputException malformed(String what) {
            return new BadInputException(where + ": malformed .npy header at character " + at + ": " + what);
        }
    }
}
