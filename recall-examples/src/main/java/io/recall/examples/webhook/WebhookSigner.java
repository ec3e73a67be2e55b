package io.recall.examples.webhook;

import io.recall.examples.webhook.internal.Signatures;

import java.util.List;
import java.util.Objects;

/**
 * Signs webhooks the Standard Webhooks way: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} for each
 * active secret, space-separated, so receivers that hold either the old or the new secret accept the message
 * while a secret is rotated. Immutable and thread-safe.
 */
public final class WebhookSigner {

    /** The header carrying the message id. */
    public static final String ID_HEADER = "webhook-id";
    /** The header carrying the attempt's time, in seconds since the epoch. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** The header carrying the signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private final List<WebhookSecret> secrets;

    private WebhookSigner(List<WebhookSecret> secrets) {
        this.secrets = List.copyOf(secrets);
        if (this.secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook signer needs at least one secret");
        }
    }

    /** A signer with these active secrets, the current one first. */
    public static WebhookSigner of(List<WebhookSecret> secrets) {
        return new WebhookSigner(Objects.requireNonNull(secrets, "secrets"));
    }

    /** A signer with one secret. */
    public static WebhookSigner of(WebhookSecret secret) {
        return new WebhookSigner(List.of(Objects.requireNonNull(secret, "secret")));
    }

    /** The active secrets, the current one first. */
    public List<WebhookSecret> secrets() {
        return secrets;
    }

    /**
     * The {@code webhook-signature} header value for one attempt.
     *
     * @param id        the {@code webhook-id}; must not contain {@code .}, which delimits the signed content
     * @param timestamp the {@code webhook-timestamp}, seconds since the epoch
     * @param body      the exact bytes sent
     */
    public String sign(String id, long timestamp, byte[] body) {
        Signatures.checkId(id);
        Objects.requireNonNull(body, "body");
        StringBuilder header = new StringBuilder();
        for (WebhookSecret secret : secrets) {
            if (header.length() > 0) {
                header.append(' ');
            }
            header.append("v1,").append(Signatures.base64(Signatures.hmac(secret, id, timestamp, body)));
        }
        return header.toString();
    }
}
