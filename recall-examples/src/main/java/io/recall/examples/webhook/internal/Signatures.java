package io.recall.examples.webhook.internal;

import io.recall.examples.webhook.WebhookSecret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/** HMAC-SHA256 over {@code id.timestamp.body}, shared by the signer and the verifier. */
public final class Signatures {

    private Signatures() {
    }

    /** Rejects an id the scheme cannot sign unambiguously. */
    public static String checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a webhook id must be non-empty and free of '.' (it delimits the signed"
                    + " content) but was '" + id + "'");
        }
        return id;
    }

    /** The raw HMAC-SHA256 of {@code id.timestamp.body}. */
    public static byte[] hmac(WebhookSecret secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Standard base64 with padding, as the specification writes signatures. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
