package io.recall.examples.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A symmetric Standard Webhooks signing secret: 24 to 64 random bytes, written {@code whsec_<base64>}.
 *
 * <p>Immutable. {@code toString()} never shows the key; {@link #encoded()} does, for storing it.
 */
public final class WebhookSecret {

    /** The prefix that marks a symmetric secret. */
    public static final String PREFIX = "whsec_";

    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            // The specification asks for 192 to 512 bits; shorter keys are guessable.
            throw new IllegalArgumentException("a webhook secret must be " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes but was " + key.length);
        }
        this.key = key.clone();
    }

    /**
     * Reads a secret written {@code whsec_<base64>} (the prefix may be left out, as the reference libraries allow).
     *
     * @throws IllegalArgumentException naming what is wrong, never echoing the key
     */
    public static WebhookSecret parse(String text) {
        Objects.requireNonNull(text, "text");
        String base64 = text.strip();
        if (base64.startsWith(PREFIX)) {
            base64 = base64.substring(PREFIX.length());
        }
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty; expected whsec_ followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret is not whsec_ followed by standard base64 ("
                    + base64.length() + " characters after the prefix)", e);
        }
        return new WebhookSecret(key);
    }

    /** A secret of these key bytes (24 to 64 of them). */
    public static WebhookSecret of(byte[] key) {
        return new WebhookSecret(Objects.requireNonNull(key, "key"));
    }

    /** A fresh 32-byte secret. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[32];
        Objects.requireNonNull(random, "random").nextBytes(key);
        return new WebhookSecret(key);
    }

    /** The key bytes (a copy). */
    public byte[] key() {
        return key.clone();
    }

    /** The secret as {@code whsec_<base64>}: keep it out of logs. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Equal when the keys are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret s && java.security.MessageDigest.isEqual(key, s.key);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** {@code whsec_***} and the key length: never the key. */
    @Override
    public String toString() {
        return PREFIX + "***(" + key.length + " bytes)";
    }
}
