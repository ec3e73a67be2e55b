package io.recall.channels;

import java.net.URI;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a message goes: one recipient address, whose kind decides its {@link Channel}.
 *
 * <p>Each built-in channel has its own kind of address; a plugin's own channel (a messenger, a social
 * group) uses {@link Custom}. Addresses are immutable values, equal when their fields are equal.
 * {@code toString()} masks personal identifiers, so an address may be logged; read the accessors
 * for the real value.
 */
public sealed interface Address {

    /** The channel this address is reached through. */
    Channel channel();

    /**
     * An e-mail address, reached through {@link Channel#EMAIL}.
     *
     * <p>The domain is lower-cased (domains are case-insensitive); the local part is kept as given.
     *
     * @param value {@code local@domain}, at most 254 characters, no spaces
     */
    record Email(String value) implements Address {

        /** Validates the shape (not deliverability) and lower-cases the domain. */
        public Email {
            Checks.text(value, "email", 254);
            int at = value.lastIndexOf('@');
            if (at <= 0 || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("email must look like local@domain without spaces but was '"
                        + Checks.mask(value, 3) + "'");
            }
            value = value.substring(0, at + 1) + value.substring(at + 1).toLowerCase(Locale.ROOT);
        }

        /** Returns {@link Channel#EMAIL}. */
        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }

        /** The masked address, such as {@code jo***@example.com}. */
        @Override
        public String toString() {
            int at = value.lastIndexOf('@');
            return Checks.mask(value.substring(0, at), 2) + value.substring(at);
        }
    }

    /**
     * A phone number in E.164 form, reached through {@link Channel#SMS}.
     *
     * <p>Normalising a local number to E.164 is the host's job (a pluggable normaliser) before a message
     * is built.
     *
     * @param e164 {@code +} then 2 to 15 digits, the first not 0, such as {@code +8613800138000}
     */
    record Phone(String e164) implements Address {

        private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

        /** Validates the E.164 form. */
        public Phone {
            Objects.requireNonNull(e164, "e164");
            if (!E164.matcher(e164).matches()) {
                throw new IllegalArgumentException("phone number must be E.164 (+ then 2 to 15 digits) but was '"
                        + Checks.mask(e164, 4) + "'");
            }
        }

        /** Returns {@link Channel#SMS}. */
        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        /** The masked number: country code and the last two digits, such as {@code +86*********00}. */
        @Override
        public String toString() {
            if (e164.length() < 7) {
                return "+***";
            }
            return e164.substring(0, 3) + "*".repeat(e164.length() - 5) + e164.substring(e164.length() - 2);
        }
    }

    /**
     * A device's push token, reached through {@link Channel#PUSH}.
     *
     * @param token    the token the push service issued to the app on the device
     * @param platform the device platform, which decides the payload's shape
     */
    record PushToken(String token, Platform platform) implements Address {

        /** The platform a push token belongs to. */
        public enum Platform {
            /** An Android app (Firebase Cloud Messaging). */
            ANDROID,
            /** An iOS or iPadOS app (APNs, directly or through FCM). */
            IOS,
            /** A browser (Web Push). */
            WEB
        }

        /** Validates the token and the platform. */
        public PushToken {
            Checks.text(token, "token", 4096);
            Objects.requireNonNull(platform, "platform");
            if (token.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("push token must not contain spaces");
            }
        }

        /** Returns {@link Channel#PUSH}. */
        @Override
        public Channel channel() {
            return Channel.PUSH;
        }

        /** The platform and the token's first characters. */
        @Override
        public String toString() {
            return platform + ":" + Checks.mask(token, 6);
        }
    }

    /**
     * An HTTP endpoint that receives a webhook, reached through {@link Channel#WEBHOOK}.
     *
     * @param endpoint an absolute {@code https} (or, for loopback and tests, {@code http}) URI with a host
     */
    record Webhook(URI endpoint) implements Address {

        /** Validates that the endpoint is an absolute HTTP(S) URI with a host. */
        public Webhook {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("webhook endpoint must be an absolute http(s) URI with a host but was '"
                        + endpoint.getScheme() + "://" + endpoint.getHost() + "...'");
            }
        }

        /** Returns {@link Channel#WEBHOOK}. */
        @Override
        public Channel channel() {
            return Channel.WEBHOOK;
        }

        /** Scheme, host, port and path; never the query or user info, which may hold secrets. */
        @Override
        public String toString() {
            return endpoint.getScheme() + "://" + endpoint.getHost()
                    + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
                    + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
        }
    }

    /**
     * A customer to be called back by the phone team, reached through {@link Channel#CALLBACK_LIST}.
     *
     * <p>What to say (purchase summary, open complaints, the offer) travels in the message's variables.
     *
     * @param phone the number to call
     * @param zone  the customer's time zone, so the list can show the local best time to call
     */
    record CallbackEntry(Phone phone, ZoneId zone) implements Address {

        /** Validates that nothing is missing. */
        public CallbackEntry {
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(zone, "zone");
        }

        /** Returns {@link Channel#CALLBACK_LIST}. */
        @Override
        public Channel channel() {
            return Channel.CALLBACK_LIST;
        }

        /** The masked number and the zone. */
        @Override
        public String toString() {
            return phone + "@" + zone;
        }
    }

    /**
     * A member of an advertising audience, reached through {@link Channel#AD_AUDIENCE}.
     *
     * <p>Identifiers are raw but normalised here; the adapter hashes them the way each destination wants
     * (Google Customer Match and Meta Custom Audiences normalise phones differently).
     *
     * @param email the member's e-mail address, if known
     * @param phone the member's phone number, if known
     */
    record AudienceMember(Optional<Email> email, Optional<Phone> phone) implements Address {

        /** Requires at least one identifier. */
        public AudienceMember {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(phone, "phone");
            if (email.isEmpty() && phone.isEmpty()) {
                throw new IllegalArgumentException("an audience member needs an email or a phone number, or both");
            }
        }

        /** A member known by e-mail address. */
        public static AudienceMember of(Email email) {
            return new AudienceMember(Optional.of(email), Optional.empty());
        }

        /** A member known by phone number. */
        public static AudienceMember of(Phone phone) {
            return new AudienceMember(Optional.empty(), Optional.of(phone));
        }

        /** Returns {@link Channel#AD_AUDIENCE}. */
        @Override
        public Channel channel() {
            return Channel.AD_AUDIENCE;
        }

        /** The masked identifiers. */
        @Override
        public String toString() {
            return "AudienceMember[" + email.map(Email::toString).orElse("-") + ", "
                    + phone.map(Phone::toString).orElse("-") + "]";
        }
    }

    /**
     * An address on a plugin's own channel (a messenger user, a social group), opaque to Recall.
     *
     * @param channel the plugin's channel; must not be a built-in one, which have their own kinds
     * @param value   the address in the channel's own syntax, at most 1024 characters
     */
    record Custom(Channel channel, String value) implements Address {

        /** Validates the value and rejects built-in channels. */
        public Custom {
            Objects.requireNonNull(channel, "channel");
            Checks.text(value, "value", 1024);
            if (channel.isBuiltIn()) {
                throw new IllegalArgumentException("channel '" + channel + "' is built in: use its own address kind,"
                        + " not Address.Custom");
            }
        }

        /** The channel and the value's first characters. */
        @Override
        public String toString() {
            return channel + ":" + Checks.mask(value, 4);
        }
    }
}
