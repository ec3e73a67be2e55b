package io.recall.channels;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A way of reaching a customer, named by a stable lower-case id.
 *
 * <p>The built-in channels are constants; a plugin may name its own (a social group, a messenger)
 * with {@link #of(String)}. Two channels are equal when their ids are equal.
 *
 * @param id lower-case letters, digits, {@code -} and {@code _}; starts with a letter; at most 64 characters
 */
public record Channel(String id) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    /** E-mail. */
    public static final Channel EMAIL = new Channel("email");
    /** SMS text message. */
    public static final Channel SMS = new Channel("sms");
    /** Mobile app push notification. */
    public static final Channel PUSH = new Channel("push");
    /** An HTTP webhook to a host-side endpoint. */
    public static final Channel WEBHOOK = new Channel("webhook");
    /** A list of customers for the phone call-back team. */
    public static final Channel CALLBACK_LIST = new Channel("callback-list");
    /** An advertising audience export (hashed identifiers). */
    public static final Channel AD_AUDIENCE = new Channel("ad-audience");

    private static final Set<String> BUILT_IN =
            Set.of("email", "sms", "push", "webhook", "callback-list", "ad-audience");

    /** Validates the id. */
    public Channel {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "channel id must match " + ID.pattern() + " but was '" + id + "'");
        }
    }

    /** Returns the channel with the given id, a built-in one or a custom one. */
    public static Channel of(String id) {
        return new Channel(id);
    }

    /** Whether this is one of the constants above rather than a plugin's own channel. */
    public boolean isBuiltIn() {
        return BUILT_IN.contains(id);
    }

    /** Returns the id. */
    @Override
    public String toString() {
        return id;
    }
}
