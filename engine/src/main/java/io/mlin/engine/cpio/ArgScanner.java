package io.mlin.engine.cpio;

/**
 * Reads a list line's arguments the way gen_init_cpio's {@code sscanf} calls do, so odd input
 * gives the same values: {@code %o} and {@code %u} wrap negative and oversized numbers like
 * {@code strtoul}, a number stops at the first character that is not a digit, and blanks are C's
 * {@code isspace} set. Each read returns null (or a negative value) when the conversion fails.
 */
final class ArgScanner {
    private static final long UINT_MASK = 0xFFFF_FFFFL;

    private final String text;
    private int pos;

    ArgScanner(String text) {
        this.text = text;
    }

    /** C's isspace in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** C's isgraph in the C locale: printable ASCII other than space. */
    static boolean isGraph(char c) {
        return c > 0x20 && c < 0x7F;
    }

    void skipSpace() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return text.charAt(pos);
    }

    /** {@code %s}: blanks skipped, then every non-blank character; null at the end of the text. */
    String token() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && !isSpace(text.charAt(pos))) {
            pos++;
        }
        return pos > start ? text.substring(start, pos) : null;
    }

    /** {@code %c} after a blank in the format: the next non-blank character, or -1 at the end. */
    int character() {
        skipSpace();
        return pos < text.length() ? text.charAt(pos++) : -1;
    }

    /**
     * {@code %o} ({@code radix} 8) or {@code %u} (10) into an unsigned int: an optional sign, then
     * at least one digit. Overflow saturates at 2^64-1, a minus sign negates modulo 2^64, and the
     * result is cut to 32 bits, as glibc does. Returns -1 when there is no number.
     */
    long unsigned(int radix) {
        int start = pos;
        skipSpace();
        boolean negative = false;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            negative = text.charAt(pos) == '-';
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        boolean overflow = false;
        while (pos < text.length() && Character.digit(text.charAt(pos), radix) >= 0 && text.charAt(pos) < 0x80) {
            int digit = Character.digit(text.charAt(pos), radix);
            if (!overflow) {
                // value * radix + digit must stay within unsigned 64 bits
                if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, radix)) > 0) {
                    overflow = true;
                } else {
                    value = value * radix + digit;
                }
            }
            pos++;
        }
        if (pos == digitsStart) {
            pos = start;
            return -1;
        }
        if (overflow) {
            value = -1L;
        }
        if (negative) {
            value = -value;
        }
        return value & UINT_MASK;
    }

    /**
     * {@code %d}: an optional sign and at least one decimal digit. Returns the exact value when it
     * fits in a long (saturated otherwise), or null when there is no number.
     */
    Long signed() {
        int start = pos;
        skipSpace();
        boolean negative = false;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            negative = text.charAt(pos) == '-';
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        boolean overflow = false;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            int digit = text.charAt(pos) - '0';
            if (!overflow) {
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    overflow = true;
                } else {
                    value = value * 10 + digit;
                }
            }
            pos++;
        }
        if (pos == digitsStart) {
            pos = start;
            return null;
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }
}
