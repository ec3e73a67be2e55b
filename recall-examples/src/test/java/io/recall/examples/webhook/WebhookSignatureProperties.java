package io.recall.examples.webhook;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureProperties {

    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(24).ofMaxSize(64);
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40).filter(s -> s.indexOf('.') < 0);
    }

    @Property(tries = 200)
    void whatIsSignedVerifies(@ForAll("keys") byte[] key, @ForAll("ids") String id,
                              @ForAll @Size(max = 1_000) byte[] body, @ForAll @IntRange(min = -300, max = 300) int skew) {
        WebhookSecret secret = WebhookSecret.of(key);
        String signature = WebhookSigner.of(secret).sign(id, NOW + skew, body);
        Verification v = WebhookVerifier.of(secret, CLOCK).verify(Optional.of(id), Optional.of(Long.toString(NOW + skew)),
                Optional.of(signature), body);
        assertTrue(v.verified(), v.toString());
    }

    @Property(tries = 200)
    void anySingleByteChangedInTheBodyFailsVerification(@ForAll("keys") byte[] key, @ForAll("ids") String id,
                                                        @ForAll @Size(min = 1, max = 1_000) byte[] body,
                                                        @ForAll @IntRange(min = 0, max = 999) int position,
                                                        @ForAll @IntRange(min = 1, max = 255) int flip) {
        WebhookSecret secret = WebhookSecret.of(key);
        String signature = WebhookSigner.of(secret).sign(id, NOW, body);
        byte[] tampered = body.clone();
        int at = position % body.length;
        tampered[at] = (byte) (tampered[at] ^ flip);
        Verification v = WebhookVerifier.of(secret, CLOCK).verify(Optional.of(id), Optional.of(Long.toString(NOW)),
                Optional.of(signature), tampered);
        assertEquals(Verification.Reason.NO_MATCHING_SIGNATURE, ((Verification.Rejected) v).reason());
    }
}
