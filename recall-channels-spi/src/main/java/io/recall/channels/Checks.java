package io.recall.channels;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the SPI's value types, so every message names the value and the conflict. */
final class Checks {

    /** Visible ASCII only: safe in an HTTP header, an SMTP Message-ID and a database key. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private Checks() {
    }

    /** Rejects null, blank text and control characters; returns the text unchanged. */
    static String text(String value, String name, int maxLength) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters but was "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(name + " must not contain control characters but had U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at index " + i);
            }
        }
        return value;
    }

    /** Rejects anything but 1 to 255 visible ASCII characters. */
    static String token(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to 255 visible ASCII characters (no spaces) but was '"
                    + value + "'");
        }
        return value;
    }

    /** Keeps the first characters of a personal identifier and hides the rest, for logs. */
    static String mask(String value, int keep) {
        int shown = Math.min(keep, value.length() / 3);
        return value.substring(0, shown) + "***";
    }
}
