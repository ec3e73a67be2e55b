package io.recall.examples.webhook;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookVerifierTest {

    // The test vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks,
    // libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks).
    static final WebhookSecret SPEC_SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TIMESTAMP = 1614265330L;
    static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static Verification verify(WebhookVerifier v, String id, String timestamp, String signature, byte[] body) {
        return v.verify(Optional.ofNullable(id), Optional.ofNullable(timestamp), Optional.ofNullable(signature), body);
    }

    private static Verification.Reason reasonOf(Verification v) {
        return ((Verification.Rejected) v).reason();
    }

    @Nested
    class TheSpecificationTestVector {

        @Test
        void signingReproducesThePublishedSignature() {
            assertEquals(SPEC_SIGNATURE, WebhookSigner.of(SPEC_SECRET).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
        }

        @Test
        void thePublishedSignatureVerifiesAtItsOwnTime() {
            Verification v = verify(WebhookVerifier.of(SPEC_SECRET, at(SPEC_TIMESTAMP)), SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE, SPEC_BODY);
            assertEquals(new Verification.Verified(SPEC_ID, Instant.ofEpochSecond(SPEC_TIMESTAMP), 0), v);
        }

        @Test
        void theSecretReadsWithOrWithoutItsPrefix() {
            assertEquals(SPEC_SECRET, WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
            assertEquals("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SPEC_SECRET.encoded());
            assertFalse(SPEC_SECRET.toString().contains("MfKQ"), SPEC_SECRET.toString());
        }

        @Test
        void oneGoodSignatureAmongUnknownVersionsAndGarbageVerifies() {
            String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                    + SPEC_SIGNATURE + " v1,not-base64!";
            assertTrue(verify(WebhookVerifier.of(SPEC_SECRET, at(SPEC_TIMESTAMP)), SPEC_ID, Long.toString(SPEC_TIMESTAMP),
                    header, SPEC_BODY).verified());
        }

        @Test
        void headersAreFoundWhateverTheirCase() {
            Map<String, List<String>> headers = Map.of("Webhook-id", List.of(SPEC_ID),
                    "WEBHOOK-TIMESTAMP", List.of(Long.toString(SPEC_TIMESTAMP)), "webhook-signature", List.of(SPEC_SIGNATURE));
            assertTrue(WebhookVerifier.of(SPEC_SECRET, at(SPEC_TIMESTAMP)).verify(headers, SPEC_BODY).verified());
        }
    }

    @Nested
    class Rejections {

        private final WebhookVerifier verifier = WebhookVerifier.of(SPEC_SECRET, at(SPEC_TIMESTAMP));

        @Test
        void eachMissingHeaderIsNamed() {
            Verification noId = verify(verifier, null, "1", SPEC_SIGNATURE, SPEC_BODY);
            assertEquals(Verification.Reason.MISSING_HEADER, reasonOf(noId));
            assertEquals("webhook-id header is missing", ((Verification.Rejected) noId).detail());
            assertTrue(((Verification.Rejected) verify(verifier, SPEC_ID, " ", SPEC_SIGNATURE, SPEC_BODY)).detail()
                    .startsWith("webhook-timestamp"));
            assertTrue(((Verification.Rejected) verify(verifier, SPEC_ID, "1", null, SPEC_BODY)).detail()
                    .startsWith("webhook-signature"));
        }

        @Test
        void aTimestampThatIsNotSecondsIsMalformed() {
            Verification v = verify(verifier, SPEC_ID, "2021-02-25T15:02:10Z", SPEC_SIGNATURE, SPEC_BODY);
            assertEquals(Verification.Reason.MALFORMED_TIMESTAMP, reasonOf(v));
            assertTrue(((Verification.Rejected) v).detail().contains("'2021-02-25T15:02:10Z'"), v.toString());
        }

        @Test
        void aTimestampJustOutsideTheToleranceIsTooOldOrTooNewAndJustInsideIsFine() {
            long tolerance = WebhookVerifier.DEFAULT_TOLERANCE.toSeconds();
            Verification old = verify(WebhookVerifier.of(SPEC_SECRET, at(SPEC_TIMESTAMP + tolerance + 1)), SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE, SPEC_BODY);
            assertEquals(Verification.Reason.TIMESTAMP_TOO_OLD, reasonOf(old));
            assertEquals("webhook-timestamp 1614265330 is 301 s old; the tolerance is 300 s",
                    ((Verification.Rejected) old).detail());
            assertEquals(Verification.Reason.TIMESTAMP_TOO_NEW, reasonOf(verify(WebhookVerifier.of(SPEC_SECRET,
                    at(SPEC_TIMESTAMP - tolerance - 1)), SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE, SPEC_BODY)));
            assertTrue(verify(WebhookVerifier.of(SPEC_SECRET, at(SPEC_TIMESTAMP + tolerance)), SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE, SPEC_BODY).verified());
        }

        @Test
        void aSignatureByAnotherSecretDoesNotMatch() {
            WebhookSecret other = WebhookSecret.of(new byte[32]);
            Verification v = verify(WebhookVerifier.of(other, at(SPEC_TIMESTAMP)), SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE, SPEC_BODY);
            assertEquals(Verification.Reason.NO_MATCHING_SIGNATURE, reasonOf(v));
            assertTrue(((Verification.Rejected) v).detail().startsWith("none of the 1 v1 signatures matches any of the 1"
                    + " secrets"), v.toString());
        }

        @Test
        void aChangedIdOrTimestampBreaksTheSignature() {
            assertEquals(Verification.Reason.NO_MATCHING_SIGNATURE, reasonOf(verify(verifier, SPEC_ID + "x",
                    Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE, SPEC_BODY)));
            assertEquals(Verification.Reason.NO_MATCHING_SIGNATURE, reasonOf(verify(verifier, SPEC_ID,
                    Long.toString(SPEC_TIMESTAMP + 1), SPEC_SIGNATURE, SPEC_BODY)));
        }

        @Test
        void onlyOtherSignatureVersionsAreNotSupported() {
            Verification v = verify(verifier, SPEC_ID, Long.toString(SPEC_TIMESTAMP),
                    "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw invalid_signature", SPEC_BODY);
            assertEquals(Verification.Reason.NO_SUPPORTED_SIGNATURE, reasonOf(v));
            assertEquals("webhook-signature has no v1 signature; found [(no version), v1a]",
                    ((Verification.Rejected) v).detail());
        }
    }

    @Nested
    class Rotation {

        private final WebhookSecret oldSecret = WebhookSecret.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
        private final WebhookSecret newSecret = SPEC_SECRET;

        @Test
        void aSenderSigningWithBothSecretsIsAcceptedByReceiversHoldingEither() {
            String header = WebhookSigner.of(List.of(newSecret, oldSecret)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
            assertEquals(2, header.split(" ").length, header);
            assertTrue(header.startsWith(SPEC_SIGNATURE + " v1,"), header);
            for (WebhookSecret held : List.of(oldSecret, newSecret)) {
                assertTrue(verify(WebhookVerifier.of(held, at(SPEC_TIMESTAMP)), SPEC_ID, Long.toString(SPEC_TIMESTAMP),
                        header, SPEC_BODY).verified(), "receiver holding " + held);
            }
        }

        @Test
        void aReceiverHoldingBothSecretsSaysWhichOneMatched() {
            WebhookVerifier both = WebhookVerifier.of(List.of(newSecret, oldSecret), Duration.ofMinutes(5), at(SPEC_TIMESTAMP));
            String signedByOld = WebhookSigner.of(oldSecret).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
            assertEquals(1, ((Verification.Verified) verify(both, SPEC_ID, Long.toString(SPEC_TIMESTAMP), signedByOld,
                    SPEC_BODY)).matchedSecret());
        }
    }

    @Nested
    class Secrets {

        @Test
        void badSecretsAreRejectedWithoutEchoingThem() {
            IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSecret.parse("whsec_c2hvcnQ="));
            assertEquals("a webhook secret must be 24 to 64 bytes but was 5", shortKey.getMessage());
            IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSecret.parse("whsec_***secret***"));
            assertFalse(notBase64.getMessage().contains("secret***"), notBase64.getMessage());
            assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_"));
        }

        @Test
        void anIdWithADotCannotBeSigned() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSigner.of(SPEC_SECRET).sign("a.b", 1, SPEC_BODY));
            assertTrue(e.getMessage().contains("free of '.'"), e.getMessage());
        }
    }
}
