package com.connectorservice.contracts.text;

/**
 * Text the control plane can keep: PostgreSQL stores no NUL character, and no unpaired UTF-16 surrogate survives
 * UTF-8. The control plane refuses a request holding such text, naming the field; whatever the agent reports (a
 * worker's log lines, a task's trace, a run's error) may hold anything a record held, so the agent replaces it
 * instead: one such log line would otherwise get every heartbeat of the agent refused.
 */
public final class StorableText {

    /** What the agent writes in place of a character that cannot be kept. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Why {@code text} cannot be kept, or null when it can. */
    public static String problem(String text) {
        int at = firstUnstorable(text);
        if (at < 0) {
            return null;
        }
        char c = text.charAt(at);
        return c == '\u0000' ? "contains a NUL character (\\u0000)"
                : "contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
    }

    /** {@code text} with every NUL character and unpaired surrogate replaced by {@link #REPLACEMENT}. */
    public static String storable(String text) {
        int at = firstUnstorable(text);
        if (at < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length()).append(text, 0, at);
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (pairAt(text, i)) {
                kept.append(c).append(text.charAt(++i));
            } else {
                kept.append(c == '\u0000' || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return kept.toString();
    }

    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (pairAt(text, i)) {
                i++;
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean pairAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
