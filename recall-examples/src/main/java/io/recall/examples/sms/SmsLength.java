package io.recall.examples.sms;

import io.recall.examples.sms.internal.Gsm7;
import io.recall.examples.sms.internal.Segmenter;

import java.util.Objects;

/**
 * How long an SMS text is on the air: its alphabet, its length in that alphabet's units, and how many short
 * messages carry it. A template check can call {@link #of(String)} at validation time, before anything is sent.
 *
 * <p>GSM-7 is used when every character is in the GSM 03.38 alphabet (extension characters such as
 * {@code € [ ] { } ^ ~ | \} count two septets): 160 septets fit one message, 153 fit each part of a longer one.
 * Any other character (Chinese, most emoji) switches the whole text to UCS-2: 70 code units alone, 67 per part.
 * Parts never split an escaped character or a surrogate pair, so a part may hold one unit less than its limit.
 * (National language shift tables are not used.)
 *
 * @param alphabet the alphabet the text is sent in
 * @param units    septets for GSM-7, UTF-16 code units for UCS-2
 * @param parts    short messages needed, at least 1
 */
public record SmsLength(Alphabet alphabet, int units, int parts) {

    /** The two alphabets an SMS text is sent in. */
    public enum Alphabet {
        /** The GSM 03.38 default alphabet, 7 bits a character. */
        GSM7(160, 153),
        /** UCS-2 (UTF-16 big-endian), 16 bits a code unit. */
        UCS2(70, 67);

        private final int single;
        private final int perPart;

        Alphabet(int single, int perPart) {
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

    /** Validates the values. */
    public SmsLength {
        Objects.requireNonNull(alphabet, "alphabet");
        if (units < 0 || parts < 1) {
            throw new IllegalArgumentException("units must be >= 0 and parts >= 1 but were " + units + " and " + parts);
        }
    }

    /** Measures {@code text}. */
    public static SmsLength of(String text) {
        return Segmenter.measure(text);
    }

    /** Whether every character of {@code text} is in the GSM 03.38 default alphabet or its extension table. */
    public static boolean isGsm7(String text) {
        return Gsm7.canEncode(Objects.requireNonNull(text, "text"));
    }

    /** Characters of {@code text} outside GSM-7, each once, in order (at most 10): what makes a message UCS-2. */
    public static String nonGsm7Characters(String text) {
        StringBuilder found = new StringBuilder();
        text.codePoints().filter(cp -> cp > 0xFFFF || !Gsm7.canEncode(Character.toString(cp)))
                .filter(cp -> found.indexOf(Character.toString(cp)) < 0).limit(10).forEach(found::appendCodePoint);
        return found.toString();
    }
}
