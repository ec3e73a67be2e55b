package io.recall.examples.templates;

import java.util.Objects;

/**
 * How long a text is as SMS: its encoding, its length in that encoding's units, and how many parts it takes.
 *
 * <p>Text made only of the GSM 03.38 default alphabet (and its extension table, whose characters take two
 * septets: an escape and the character) goes as GSM-7: 160 septets in one part, 153 per part when concatenated
 * (the user data header takes 7). Anything else, a single Chinese character or emoji included, makes the whole
 * message UCS-2: 70 UTF-16 units in one part, 67 per part. Parts never split an escaped character or a
 * surrogate pair, so a part may hold one unit less than its limit. (National language shift tables are not used.)
 *
 * @param encoding the encoding the text needs
 * @param units    septets for GSM-7, UTF-16 code units for UCS-2
 * @param parts    the number of SMS parts; 1 for the empty text
 */
public record SmsLength(Encoding encoding, int units, int parts) {

    /** The two SMS alphabets. */
    public enum Encoding {
        /** The GSM 03.38 7-bit default alphabet. */
        GSM_7(160, 153),
        /** UCS-2 (UTF-16 code units). */
        UCS_2(70, 67);

        private final int single;
        private final int perPart;

        Encoding(int single, int perPart) {
            this.single = single;
            this.perPart = perPart;
        }

        /** Units that fit in a message of one part. */
        public int singlePartLimit() {
            return single;
        }

        /** Units that fit in each part of a concatenated message. */
        public int multipartLimit() {
            return perPart;
        }
    }

    /** The default alphabet, in code order; 0x1B is the escape to the extension table and is not a character. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table: each takes two septets. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** Validates the values. */
    public SmsLength {
        Objects.requireNonNull(encoding, "encoding");
        if (units < 0 || parts < 1) {
            throw new IllegalArgumentException("units must be at least 0 and parts at least 1, but were " + units
                    + " and " + parts);
        }
    }

    /** Measures {@code text}. */
    public static SmsLength of(String text) {
        Objects.requireNonNull(text, "text");
        Encoding encoding = isGsm7(text) ? Encoding.GSM_7 : Encoding.UCS_2;
        int units = 0;
        int parts = 1;
        int inPart = 0;
        for (int i = 0; i < text.length(); i++) {
            int cost;
            if (encoding == Encoding.GSM_7) {
                cost = EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            } else {
                cost = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
                i += cost - 1;
            }
            units += cost;
            if (inPart + cost > encoding.multipartLimit()) {
                parts++;
                inPart = 0;
            }
            inPart += cost;
        }
        return new SmsLength(encoding, units, units <= encoding.singlePartLimit() ? 1 : parts);
    }

    /** Whether every character of {@code text} is in the GSM 03.38 default alphabet or its extension table. */
    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u001B' || BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Characters of {@code text} outside GSM-7, each once, in order: what makes a message UCS-2. */
    public static String nonGsm7Characters(String text) {
        StringBuilder found = new StringBuilder();
        text.codePoints().filter(cp -> cp > 0xFFFF || !isGsm7(Character.toString(cp)))
                .filter(cp -> found.indexOf(Character.toString(cp)) < 0).limit(10).forEach(found::appendCodePoint);
        return found.toString();
    }
}
