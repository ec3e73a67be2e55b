package io.recall.examples.email.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * Derives an RFC 5322 {@code Message-ID} from a message's idempotency key, and back.
 *
 * <p>The id is {@code <recall.ENCODED@domain>}: letters, digits, {@code -} and {@code _} of the key are kept,
 * every other character (keys are visible ASCII) becomes {@code =XX} in hex, so the left part is always a
 * valid dot-atom and the key can be read back exactly from a bounce report. The same key always gives the
 * same id, so a resend of one message carries one Message-ID and receivers and reports can tell it is the
 * same message.
 */
public final class MessageIds {

    private static final String PREFIX = "recall.";

    private MessageIds() {
    }

    /**
     * The Message-ID (with angle brackets) for an idempotency key.
     *
     * @param idempotencyKey 1 to 255 visible ASCII characters
     * @param domain         the right-hand side, such as the sender's domain
     */
    public static String of(String idempotencyKey, String domain) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(domain, "domain");
        StringBuilder left = new StringBuilder(PREFIX.length() + idempotencyKey.length() + 8).append(PREFIX);
        for (int i = 0; i < idempotencyKey.length(); i++) {
            char c = idempotencyKey.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                left.append(c);
            } else {
                left.append('=').append(Character.toUpperCase(Character.forDigit(c >> 4 & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return "<" + left + "@" + domain + ">";
    }

    /**
     * The idempotency key a Message-ID made by {@link #of} carries; empty for any other id.
     *
     * @param messageId a Message-ID, with or without angle brackets and surrounding spaces
     */
    public static Optional<String> idempotencyKey(String messageId) {
        String id = strip(messageId);
        int at = id.lastIndexOf('@');
        if (!id.startsWith(PREFIX) || at < 0) {
            return Optional.empty();
        }
        String encoded = id.substring(PREFIX.length(), at);
        StringBuilder key = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '=') {
                key.append(c);
                continue;
            }
            if (i + 2 >= encoded.length()) {
                return Optional.empty();
            }
            int hi = Character.digit(encoded.charAt(i + 1), 16);
            int lo = Character.digit(encoded.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            key.append((char) (hi << 4 | lo));
            i += 2;
        }
        return key.length() == 0 ? Optional.empty() : Optional.of(key.toString());
    }

    /** The id without angle brackets or spaces, the form used as a provider id. */
    public static String strip(String messageId) {
        String id = Objects.requireNonNull(messageId, "messageId").trim();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1).trim();
        }
        return id;
    }
}
