package scratchnet.core.io;

/**
 * Text from a file made fit for a one-line message: control characters escaped, and long text cut,
 * so that a corrupt name cannot break or flood the line the command prints.
 */
public final class Printable {
    private static final int MAX_CHARS = 80;

    private Printable() {
    }

    /** @return {@code text} with control characters as {@code \xNN} and at most 80 characters of it */
    public static String of(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.toString();
    }

    /**
     * @param text a whole message, which may quote bytes of any input
     * @return it with every control character but those in {@code keep} as {@code \xNN}, whole
     */
    public static String escaped(String text, String keep) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(Character.isISOControl(c) && keep.indexOf(c) < 0 ? String.format("\\x%02x", c) : (char) c));
        return out.toString();
    }
}
