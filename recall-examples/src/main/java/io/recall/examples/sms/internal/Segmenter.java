package io.recall.examples.sms.internal;

import io.recall.examples.sms.SmsLength;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits an SMS text into the short messages that carry it: GSM-7 when every character is in the GSM
 * alphabet (160 septets alone, 153 per part), otherwise UCS-2 (70 code units alone, 67 per part). Parts of a
 * long text get a concatenation header (UDH, IEI 0x00: reference, total, sequence), whose 6 octets are why a
 * part holds less than a single message. A cut never splits an extension character's escape pair or a
 * surrogate pair.
 */
public final class Segmenter {

    /** SMPP {@code data_coding} for the SMSC default alphabet (GSM-7). */
    public static final byte DATA_CODING_GSM7 = 0x00;
    /** SMPP {@code data_coding} for UCS-2. */
    public static final byte DATA_CODING_UCS2 = 0x08;

    private Segmenter() {
    }

    /**
     * A text cut into parts.
     *
     * @param alphabet the encoding of every part
     * @param texts    the text of each part, in order; joined they are the input
     * @param payloads each part's {@code short_message}: the UDH when there are several parts, then the text
     */
    public record Segmented(SmsLength.Alphabet alphabet, List<String> texts, List<byte[]> payloads) {

        /** Copies the lists. */
        public Segmented {
            texts = List.copyOf(texts);
            payloads = List.copyOf(payloads);
        }

        /** Whether the parts carry a concatenation header (so esm_class needs UDHI). */
        public boolean concatenated() {
            return texts.size() > 1;
        }

        /** The SMPP data_coding of every part. */
        public byte dataCoding() {
            return alphabet == SmsLength.Alphabet.GSM7 ? DATA_CODING_GSM7 : DATA_CODING_UCS2;
        }
    }

    /** The alphabet and its length units for {@code text}, without encoding it. */
    public static SmsLength measure(String text) {
        Objects.requireNonNull(text, "text");
        boolean gsm = Gsm7.canEncode(text);
        SmsLength.Alphabet alphabet = gsm ? SmsLength.Alphabet.GSM7 : SmsLength.Alphabet.UCS2;
        int units = gsm ? Gsm7.septets(text) : text.length();
        int parts = units <= alphabet.singlePartLimit() ? 1 : cuts(text, gsm, alphabet.multipartLimit()).size() - 1;
        return new SmsLength(alphabet, units, parts);
    }

    /**
     * Cuts and encodes {@code text}.
     *
     * @param text      the text, possibly empty
     * @param reference the concatenation reference (0 to 255) shared by the parts of this text
     */
    public static Segmented segment(String text, int reference) {
        Objects.requireNonNull(text, "text");
        boolean gsm = Gsm7.canEncode(text);
        SmsLength.Alphabet alphabet = gsm ? SmsLength.Alphabet.GSM7 : SmsLength.Alphabet.UCS2;
        int units = gsm ? Gsm7.septets(text) : text.length();
        List<Integer> cuts = units <= alphabet.singlePartLimit() ? List.of(0, text.length())
                : cuts(text, gsm, alphabet.multipartLimit());
        int total = cuts.size() - 1;
        if (total > 255) {
            throw new IllegalArgumentException("text needs " + total + " parts; concatenation allows 255");
        }
        List<String> texts = new ArrayList<>(total);
        List<byte[]> payloads = new ArrayList<>(total);
        for (int p = 0; p < total; p++) {
            int from = cuts.get(p);
            int to = cuts.get(p + 1);
            texts.add(text.substring(from, to));
            byte[] body = gsm ? Gsm7.encode(text, from, to)
                    : text.substring(from, to).getBytes(StandardCharsets.UTF_16BE);
            if (total == 1) {
                payloads.add(body);
            } else {
                byte[] withHeader = new byte[6 + body.length];
                withHeader[0] = 0x05;          // UDH length
                withHeader[1] = 0x00;          // IEI: concatenated message, 8-bit reference
                withHeader[2] = 0x03;          // IE length
                withHeader[3] = (byte) reference;
                withHeader[4] = (byte) total;
                withHeader[5] = (byte) (p + 1);
                System.arraycopy(body, 0, withHeader, 6, body.length);
                payloads.add(withHeader);
            }
        }
        return new Segmented(alphabet, texts, payloads);
    }

    /** Char indexes where parts start, then the text's length. */
    private static List<Integer> cuts(String text, boolean gsm, int limit) {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = gsm ? Gsm7.septets(text.charAt(i)) : 1;
            // A surrogate pair moves as one: its two code units must land in the same part.
            if (!gsm && Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 2;
            }
            if (used + width > limit) {
                cuts.add(i);
                used = 0;
            }
            used += width;
            if (width == 2 && !gsm) {
                i++;
            }
        }
        cuts.add(text.length());
        return cuts;
    }

    /** Text of one received short message, by its data_coding, after any UDH of {@code udhLength} octets. */
    public static String decode(byte dataCoding, byte[] shortMessage, int udhLength) {
        int from = Math.min(udhLength, shortMessage.length);
        switch (dataCoding & 0xFF) {
            case DATA_CODING_UCS2:
                return new String(shortMessage, from, shortMessage.length - from, StandardCharsets.UTF_16BE);
            case 0x01:
                return new String(shortMessage, from, shortMessage.length - from, StandardCharsets.US_ASCII);
            case 0x03:
                return new String(shortMessage, from, shortMessage.length - from, StandardCharsets.ISO_8859_1);
            default:
                return Gsm7.decode(shortMessage, from, shortMessage.length);
        }
    }
}
