package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.SendResult;
import io.recall.examples.sms.HttpSmsTestServer.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static io.recall.examples.sms.SmsTestSupport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP SMS adapter against an HTTPS gateway on loopback: the request, each answer's result, TLS trust. */
class HttpSmsAdapterTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private HttpSmsTestServer gateway;
    private HttpSmsAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        gateway = HttpSmsTestServer.start();
        adapter = adapter(gateway.settings());
    }

    @AfterEach
    void stop() {
        adapter.close();
        gateway.close();
    }

    private static HttpSmsAdapter adapter(Map<String, String> settings) {
        return new HttpSmsAdapter(AdapterContext.defaults().withSettings(settings).withRenderer(SmsTestSupport.RAW)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static Address.Phone phone() {
        return new Address.Phone(String.format("+86138001%05d", NUMBERS.incrementAndGet()));
    }

    private SendResult sendWith(Action action) {
        Address.Phone to = phone();
        gateway.act(to, action);
        return adapter.send(message(to, "Hi"));
    }

    @Test
    void postsJsonWithTheIdempotencyKeyAndBearerTokenAndAcceptsTheGatewaysId() throws Exception {
        Address.Phone to = phone();
        Message m = message(to, "您的专属优惠券：满200减30，今日有效。");
        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, adapter.send(m));
        HttpSmsTestServer.Taken taken = gateway.takenFor(to).get(0);
        assertEquals(taken.id(), accepted.providerId());
        assertEquals("您的专属优惠券：满200减30，今日有效。", taken.text());
        assertEquals(m.idempotencyKey(), taken.reference());
        assertEquals(m.idempotencyKey(), taken.headers().get("idempotency-key"));
        assertEquals("Bearer test-api-key", taken.headers().get("authorization"));
        assertTrue(taken.headers().get("content-type").startsWith("application/json"));
    }

    @Test
    void aResendWithTheSameKeyIsHeldOnceBecauseTheGatewayDeduplicates() {
        Address.Phone to = phone();
        Message m = message(to, "Once");
        SendResult first = adapter.send(m);
        SendResult again = adapter.send(m);
        assertEquals(first, again);
        assertEquals(1, gateway.takenFor(to).size());
        assertTrue(adapter.capabilities().providerDeduplicates());
    }

    @Test
    void throttlingIsRetryableAfterRetryAfterInSeconds() {
        SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, sendWith(Action.THROTTLE));
        assertEquals(Optional.of(Duration.ofSeconds(7)), r.retryAfter());
        assertEquals("http 429 rate_limited", r.reason());
    }

    @Test
    void throttlingIsRetryableAfterRetryAfterAsAnHttpDateReadAgainstTheAdaptersClock() {
        SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, sendWith(Action.THROTTLE_DATE));
        assertEquals(Optional.of(Duration.ofSeconds(30)), r.retryAfter());
    }

    @Test
    void serverErrorsAreRetryableWithTheirRetryAfterWhenGiven() {
        SendResult.Retryable plain = assertInstanceOf(SendResult.Retryable.class, sendWith(Action.UNAVAILABLE_503));
        assertEquals(Optional.empty(), plain.retryAfter());
        SendResult.Retryable asked = assertInstanceOf(SendResult.Retryable.class,
                sendWith(Action.UNAVAILABLE_503_RETRY_3));
        assertEquals(Optional.of(Duration.ofSeconds(3)), asked.retryAfter());
        assertInstanceOf(SendResult.Retryable.class, sendWith(Action.BROKEN_JSON));
    }

    @Test
    void a500FromAGatewayThatDoesNotDeduplicateIsUnknownSoItIsNeverResentBlindly() {
        Map<String, String> settings = new HashMap<>(gateway.settings());
        settings.put("providerDeduplicates", "false");
        try (HttpSmsAdapter once = adapter(settings)) {
            Address.Phone to = phone();
            gateway.act(to, Action.BROKEN_JSON);
            assertInstanceOf(SendResult.Unknown.class, once.send(message(to, "Hi")));
        }
        assertInstanceOf(SendResult.Retryable.class, sendWith(Action.BROKEN_JSON),
                "a deduplicating gateway makes the resend safe");
    }

    @Test
    void anInvalidRecipientIsPermanentAndSuppressedButRejectedContentIsNot() {
        SendResult.Permanent address = assertInstanceOf(SendResult.Permanent.class, sendWith(Action.INVALID_RECIPIENT));
        assertTrue(address.suppressAddress());
        SendResult.Permanent content = assertInstanceOf(SendResult.Permanent.class, sendWith(Action.CONTENT_REJECTED));
        assertFalse(content.suppressAddress());
        assertEquals("http 422 content_rejected", content.reason());
    }

    @Test
    void noAnswerInTimeIsUnknownButTheGatewayHasTheMessage() {
        Map<String, String> settings = new HashMap<>(gateway.settings());
        settings.put("requestTimeoutMillis", "1000");
        try (HttpSmsAdapter impatient = adapter(settings)) {
            assertInstanceOf(SendResult.Accepted.class, impatient.send(message(phone(), "opens the connection")));
            Address.Phone to = phone();
            gateway.act(to, Action.STALL);
            SendResult.Unknown u = assertInstanceOf(SendResult.Unknown.class, impatient.send(message(to, "Hi")));
            assertTrue(u.reason().contains("did not answer in time"), u.reason());
            assertEquals(1, gateway.takenFor(to).size());
        }
    }

    @Test
    void aConnectionDroppedAfterTheRequestIsUnknown() {
        Address.Phone to = phone();
        gateway.act(to, Action.DROP);
        assertInstanceOf(SendResult.Unknown.class, adapter.send(message(to, "Hi")));
        assertEquals(1, gateway.takenFor(to).size());
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(gateway.settings());
        settings.put("endpoint", "https://localhost:" + closed + "/v1/sms");
        try (HttpSmsAdapter nowhere = adapter(settings)) {
            assertInstanceOf(SendResult.Retryable.class, nowhere.send(message(phone(), "Hi")));
        }
    }

    @Test
    void aGatewayWhoseCertificateIsNotTrustedIsNeverSentTo() {
        Map<String, String> settings = new HashMap<>(gateway.settings());
        settings.remove("trustStore");   // the JDK's own trust store does not know the test certificate
        Address.Phone to = phone();
        try (HttpSmsAdapter untrusting = adapter(settings)) {
            SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, untrusting.send(message(to, "Hi")));
            assertTrue(r.reason().contains("TLS"), r.reason());
        }
        assertEquals(0, gateway.takenFor(to).size());
    }

    @Test
    void aMissingEndpointIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter(Map.of()));
        assertTrue(e.getMessage().contains("'endpoint'"), e.getMessage());
    }

    @Test
    void quotesAndBackslashesSurviveTheJsonBody() {
        Address.Phone to = phone();
        adapter.send(message(to, "Quote \" and backslash \\ survive"));
        assertEquals("Quote \" and backslash \\ survive", gateway.takenFor(to).get(0).text());
    }
}
