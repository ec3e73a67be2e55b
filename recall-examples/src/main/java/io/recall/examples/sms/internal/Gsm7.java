package io.recall.examples.sms.internal;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 default alphabet and its extension table, unpacked: one septet per octet, as SMPP carries
 * {@code data_coding 0x00} text. Extension characters take two septets (escape {@code 0x1B}, then the code).
 *
 * <p>A table, not a protocol: jSMPP has no GSM charset, and the table is fixed by the standard.
 */
public final class Gsm7 {

    /** The escape to the extension table. */
    static final int ESCAPE = 0x1B;

    /** The basic table, indexed by septet; index 0x1B (the escape) is never matched as text. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ"
            + " !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** Extension characters and their codes after the escape. */
    private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    private static final int[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    /** Septets per UTF-16 char below 0x10000: 0 not encodable, 1 basic, 2 extension. */
    private static final byte[] WIDTH = new byte[0x10000];
    private static final byte[] CODE = new byte[0x10000];

    static {
        if (BASIC.length() != 128) {
            throw new AssertionError("GSM 03.38 basic table must have 128 entries but has " + BASIC.length());
        }
        for (int i = 0; i < 128; i++) {
            if (i != ESCAPE) {
                WIDTH[BASIC.charAt(i)] = 1;
                CODE[BASIC.charAt(i)] = (byte) i;
            }
        }
        for (int i = 0; i < EXTENSION_CHARS.length(); i++) {
            WIDTH[EXTENSION_CHARS.charAt(i)] = 2;
            CODE[EXTENSION_CHARS.charAt(i)] = (byte) EXTENSION_CODES[i];
        }
    }

    private Gsm7() {
    }

    /** Septets this char takes: 1, 2 for the extension table, 0 when GSM-7 cannot carry it. */
    public static int septets(char c) {
        return WIDTH[c];
    }

    /** Whether every character of {@code text} is in the basic or extension table. */
    public static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (WIDTH[text.charAt(i)] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets the whole text takes, extension characters counting two. */
    public static int septets(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            int w = WIDTH[text.charAt(i)];
            if (w == 0) {
                throw new IllegalArgumentException("U+" + String.format("%04X", (int) text.charAt(i))
                        + " at index " + i + " is not in the GSM 7-bit alphabet");
            }
            n += w;
        }
        return n;
    }

    /** Unpacked septets of {@code text[from, to)}, one per octet. */
    public static byte[] encode(CharSequence text, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 8);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int w = WIDTH[c];
            if (w == 0) {
                throw new IllegalArgumentException("U+" + String.format("%04X", (int) c) + " is not in the GSM 7-bit alphabet");
            }
            if (w == 2) {
                out.write(ESCAPE);
            }
            out.write(CODE[c]);
        }
        return out.toByteArray();
    }

    /** Text of unpacked septets; an unknown extension code reads as a space, as 03.38 advises. */
    public static String decode(byte[] septets, int from, int to) {
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESCAPE && i + 1 < to) {
                int code = septets[++i] & 0x7F;
                char found = ' ';
                for (int k = 0; k < EXTENSION_CODES.length; k++) {
                    if (EXTENSION_CODES[k] == code) {
                        found = EXTENSION_CHARS.charAt(k);
                    }
                }
                text.append(found);
            } else {
                text.append(BASIC.charAt(s));
            }
        }
        return text.toString();
    }
}
