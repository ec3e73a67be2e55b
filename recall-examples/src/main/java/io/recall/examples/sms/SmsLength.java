package io.recall.examples.sms;

import io.recall.examples.sms.internal.Segmenter;

import java.util.Objects;

/**
 * How long an SMS text is on the air: its alphabet, its length in that alphabet's units, and how many short
 * messages carry it. A template check can call {@link #of(String)} at validation time, before anything is sent.
 *
 * <p>GSM-7 is used when every character is in the GSM 03.38 alphabet (extension characters such as
 * {@code € [ ] { } ^ ~ | \} count two septets): 160 septets fit one message, 153 fit each part of a longer one.
 * Any other character (Chinese, most emoji) switches the whole text to UCS-2: 70 code units alone, 67 per part.
 *
 * @param alphabet the alphabet the text is sent in
 * @param units    septets for GSM-7, UTF-16 code units for UCS-2
 * @param parts    short messages needed, at least 1
 */
public record SmsLength(Alphabet alphabet, int units, int parts) {

    /** The two alphabets an SMS text is sent in. */
    public enum Alphabet {
        /** The GSM 03.38 default alphabet, 7 bits a character. */
        GSM7,
        /** UCS-2 (UTF-16 big-endian), 16 bits a code unit. */
        UCS2
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
}
