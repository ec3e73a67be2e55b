package io.recall.examples.webhook;

import io.recall.examples.webhook.internal.Signatures;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a received Standard Webhook: the three {@code webhook-} headers are present, the timestamp is within
 * the tolerance of the verifier's clock (so a captured request cannot be replayed later), and one of the
 * {@code v1} signatures matches one of the secrets (several during a rotation), compared in constant time.
 *
 * <p>Verify the raw body bytes as received, before parsing: re-serialised JSON rarely matches. Then deduplicate on
 * {@link Verification.Verified#id()}: senders retry with the same id. Immutable and thread-safe.
 */
public final class WebhookVerifier {

    /** The tolerance the reference libraries use: five minutes either way. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<WebhookSecret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
        this.secrets = List.copyOf(secrets);
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook verifier needs at least one secret");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative but was " + tolerance);
        }
    }

    /**
     * A verifier accepting signatures by any of {@code secrets}.
     *
     * @param secrets   the secrets the sender may sign with (during a rotation, the new and the old)
     * @param tolerance how far the timestamp may be from now, either way
     * @param clock     the source of "now"
     */
    public static WebhookVerifier of(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
        return new WebhookVerifier(Objects.requireNonNull(secrets, "secrets"), tolerance, clock);
    }

    /** A verifier with one secret and the {@linkplain #DEFAULT_TOLERANCE default tolerance}. */
    public static WebhookVerifier of(WebhookSecret secret, Clock clock) {
        return new WebhookVerifier(List.of(Objects.requireNonNull(secret, "secret")), DEFAULT_TOLERANCE, clock);
    }

    /**
     * Verifies a webhook from its headers (names matched without regard to case, as HTTP requires).
     *
     * @param headers the request headers, such as {@code com.sun.net.httpserver.Headers} or
     *                {@code java.net.http.HttpHeaders.map()}
     * @param body    the raw body
     */
    public Verification verify(Map<String, List<String>> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        return verify(header(headers, WebhookSigner.ID_HEADER), header(headers, WebhookSigner.TIMESTAMP_HEADER),
                header(headers, WebhookSigner.SIGNATURE_HEADER), body);
    }

    /**
     * Verifies a webhook from its three header values.
     *
     * @param id         {@code webhook-id}, if present
     * @param timestamp  {@code webhook-timestamp}, if present
     * @param signatures {@code webhook-signature}, if present
     * @param body       the raw body
     */
    public Verification verify(Optional<String> id, Optional<String> timestamp, Optional<String> signatures,
                               byte[] body) {
        Objects.requireNonNull(body, "body");
        for (Map.Entry<String, Optional<String>> h : List.of(Map.entry(WebhookSigner.ID_HEADER, id),
                Map.entry(WebhookSigner.TIMESTAMP_HEADER, timestamp), Map.entry(WebhookSigner.SIGNATURE_HEADER, signatures))) {
            if (Objects.requireNonNull(h.getValue(), h.getKey()).map(String::isBlank).orElse(true)) {
                return new Verification.Rejected(Verification.Reason.MISSING_HEADER, h.getKey() + " header is missing");
            }
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.get().strip());
        } catch (NumberFormatException e) {
            return new Verification.Rejected(Verification.Reason.MALFORMED_TIMESTAMP, "webhook-timestamp must be whole"
                    + " seconds since the epoch but was '" + abbreviate(timestamp.get()) + "'");
        }
        long now = clock.instant().getEpochSecond();
        if (now - seconds > tolerance.toSeconds()) {
            return new Verification.Rejected(Verification.Reason.TIMESTAMP_TOO_OLD, "webhook-timestamp " + seconds
                    + " is " + (now - seconds) + " s old; the tolerance is " + tolerance.toSeconds() + " s");
        }
        if (seconds - now > tolerance.toSeconds()) {
            return new Verification.Rejected(Verification.Reason.TIMESTAMP_TOO_NEW, "webhook-timestamp " + seconds
                    + " is " + (seconds - now) + " s in the future; the tolerance is " + tolerance.toSeconds() + " s");
        }
        String msgId = id.get().strip();
        if (msgId.indexOf('.') >= 0) {
            // A '.' in the id would let "a.b" + "c" and "a" + "b.c" sign the same content.
            return new Verification.Rejected(Verification.Reason.NO_MATCHING_SIGNATURE,
                    "webhook-id contains '.', which the signature scheme forbids");
        }
        List<byte[]> expected = new ArrayList<>(secrets.size());
        for (WebhookSecret secret : secrets) {
            expected.add(Signatures.hmac(secret, msgId, seconds, body));
        }
        int v1 = 0;
        TreeSet<String> otherVersions = new TreeSet<>();
        for (String candidate : signatures.get().strip().split(" +")) {
            int comma = candidate.indexOf(',');
            String version = comma < 0 ? candidate : candidate.substring(0, comma);
            if (comma < 0 || !version.equals("v1")) {
                otherVersions.add(comma < 0 ? "(no version)" : abbreviate(version));
                continue;
            }
            v1++;
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (int i = 0; i < expected.size(); i++) {
                // Constant time: an early-exit comparison would let an attacker learn the signature byte by byte.
                if (MessageDigest.isEqual(expected.get(i), given)) {
                    return new Verification.Verified(msgId, Instant.ofEpochSecond(seconds), i);
                }
            }
        }
        if (v1 == 0) {
            return new Verification.Rejected(Verification.Reason.NO_SUPPORTED_SIGNATURE,
                    "webhook-signature has no v1 signature; found " + otherVersions);
        }
        return new Verification.Rejected(Verification.Reason.NO_MATCHING_SIGNATURE, "none of the " + v1
                + " v1 signatures matches any of the " + secrets.size() + " secrets: wrong secret, or the id,"
                + " timestamp or body changed on the way (verify the raw body, before parsing it)");
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name) && e.getValue() != null
                    && !e.getValue().isEmpty()) {
                return Optional.ofNullable(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 29) + "...";
    }
}
