package io.recall.examples.email.internal;

import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP adapter's settings, read from the adapter context's settings map (keys as listed in
 * {@code SmtpAdapter}'s javadoc); every missing or bad value is an {@link IllegalArgumentException} naming its key.
 *
 * @param host                         the SMTP server
 * @param port                         its port
 * @param security                     none, STARTTLS (required) or TLS from the start
 * @param username                     the login, if the server needs one
 * @param password                     the password, with {@code username}
 * @param trust                        hosts whose certificates are trusted without a chain (test servers), if any
 * @param from                         the From address
 * @param replyTo                      the Reply-To address, if any
 * @param envelopeFrom                 the envelope sender (MAIL FROM, where bounces go), if not {@code from}
 * @param messageIdDomain              the right-hand side of Message-IDs
 * @param connectTimeout               connect timeout
 * @param readTimeout                  timeout of each read of a server reply
 * @param sendTimeout                  the most one send may take in all (connect included); the adapter's maxSendDuration
 * @param unsubscribeMailto            where unsubscribe requests by mail go, if anywhere
 * @param unsubscribeUrlVariable       the variable holding the one-click unsubscribe link
 * @param marketingRequiresUnsubscribe whether marketing e-mail without any unsubscribe method is refused
 * @param bounces                      the bounce mailbox to poll, if any
 * @param bouncePollInterval           how often to poll it
 * @param dkim                         how to DKIM-sign messages, if at all
 */
public record SmtpConfig(String host, int port, Security security, Optional<String> username, Optional<String> password,
                         Optional<String> trust, InternetAddress from, Optional<InternetAddress> replyTo,
                         Optional<String> envelopeFrom, String messageIdDomain, Duration connectTimeout,
                         Duration readTimeout, Duration sendTimeout, Optional<String> unsubscribeMailto,
                         String unsubscribeUrlVariable, boolean marketingRequiresUnsubscribe,
                         Optional<URLName> bounces, Duration bouncePollInterval, Optional<Dkim> dkim) {

    /** How the connection is protected. */
    public enum Security {
        /** Plain SMTP (loopback and tests only). */
        NONE,
        /** Plain SMTP upgraded with STARTTLS, which is required: no fallback to plain text. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        TLS
    }

    /** Validates the settings. */
    public SmtpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(messageIdDomain, "messageIdDomain");
        Objects.requireNonNull(dkim, "dkim");
    }

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the first missing or bad setting
     */
    public static SmtpConfig from(Map<String, String> s) {
        String host = required(s, "host");
        Security security = parse(s, "security", "starttls", v -> Security.valueOf(v.toUpperCase(Locale.ROOT)));
        int port = parse(s, "port", security == Security.TLS ? "465" : security == Security.STARTTLS ? "587" : "25",
                Integer::parseInt);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("setting 'port' must be 1 to 65535 but was " + port);
        }
        InternetAddress from = address(required(s, "from"), "from");
        Optional<InternetAddress> replyTo = Optional.ofNullable(s.get("replyTo")).map(v -> address(v, "replyTo"));
        Optional<String> envelopeFrom = Optional.ofNullable(s.get("envelopeFrom"))
                .map(v -> address(v, "envelopeFrom").getAddress());
        String domain = Optional.ofNullable(s.get("messageIdDomain"))
                .orElse(from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1));
        if (!domain.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("setting 'messageIdDomain' must be a domain name but was '" + domain + "'");
        }
        Optional<String> username = Optional.ofNullable(s.get("username"));
        Optional<String> password = Optional.ofNullable(s.get("password"));
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("settings 'username' and 'password' go together; only one was given");
        }
        Duration connect = millis(s, "connectTimeoutMillis", 10_000);
        Duration read = millis(s, "readTimeoutMillis", 30_000);
        Duration send = millis(s, "sendTimeoutMillis", 60_000);
        Optional<URLName> bounces = Optional.ofNullable(s.get("bounceMailbox")).map(URLName::new);
        bounces.ifPresent(u -> {
            if (u.getProtocol() == null || !u.getProtocol().matches("imaps?|pop3s?") || u.getHost() == null) {
                throw new IllegalArgumentException("setting 'bounceMailbox' must look like"
                        + " imap[s]://user:password@host:port/INBOX or pop3[s]://... but has protocol '"
                        + u.getProtocol() + "'");
            }
        });
        return new SmtpConfig(host, port, security, username, password, Optional.ofNullable(s.get("trust")), from,
                replyTo, envelopeFrom, domain, connect, read, send, Optional.ofNullable(s.get("unsubscribeMailto"))
                .map(v -> address(v, "unsubscribeMailto").getAddress()),
                s.getOrDefault("unsubscribeUrlVariable", "unsubscribeUrl"),
                parse(s, "marketingRequiresUnsubscribe", "true", SmtpConfig::bool), bounces,
                millis(s, "bouncePollMillis", 60_000), Dkim.from(s, from));
    }

    /** The settings without secrets: the password and the bounce mailbox's password are masked. */
    @Override
    public String toString() {
        return "SmtpConfig[host=" + host + ", port=" + port + ", security=" + security + ", username="
                + username.orElse("-") + ", password=" + password.map(p -> "***").orElse("-") + ", from="
                + from.getAddress() + ", messageIdDomain=" + messageIdDomain + ", sendTimeout=" + sendTimeout
                + ", bounces=" + bounces.map(u -> u.getProtocol() + "://" + u.getHost() + "/" + u.getFile()).orElse("-")
                + ", dkim=" + dkim.map(Dkim::toString).orElse("-") + "]";
    }

    private static String required(Map<String, String> s, String key) {
        String value = s.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' is required by the SMTP adapter");
        }
        return value.trim();
    }

    private static <T> T parse(Map<String, String> s, String key, String fallback,
                               java.util.function.Function<String, T> parser) {
        String value = s.getOrDefault(key, fallback).trim();
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting '" + key + "' has a bad value '" + value + "': " + e.getMessage(), e);
        }
    }

    private static Duration millis(Map<String, String> s, String key, long fallback) {
        long ms = parse(s, key, String.valueOf(fallback), Long::parseLong);
        if (ms <= 0) {
            throw new IllegalArgumentException("setting '" + key + "' must be positive but was " + ms);
        }
        return Duration.ofMillis(ms);
    }

    private static boolean bool(String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static InternetAddress address(String value, String key) {
        try {
            InternetAddress a = new InternetAddress(value, true);
            if (a.getAddress() == null || a.getAddress().lastIndexOf('@') < 1) {
                throw new AddressException("no domain");
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException("setting '" + key + "' is not an e-mail address: " + e.getMessage(), e);
        }
    }
}
