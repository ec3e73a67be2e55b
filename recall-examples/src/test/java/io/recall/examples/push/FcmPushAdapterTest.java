package io.recall.examples.push;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import io.recall.examples.push.FcmTestServer.Action;
import io.recall.examples.sms.SmsTestSupport;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FCM push adapter against an HTTP/2 server on loopback: the request, the payload limit, dead tokens. */
class FcmPushAdapterTest {

    private static final AtomicInteger TOKENS = new AtomicInteger();

    private FcmTestServer fcm;
    private SmsTestSupport.Events events;
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private FcmPushAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        fcm = FcmTestServer.start();
        events = new SmsTestSupport.Events();
        Supplier<String> token = () -> {
            tokenCalls.incrementAndGet();
            return FcmTestServer.ACCESS_TOKEN;
        };
        adapter = new FcmPushAdapter(AdapterContext.defaults().withSettings(fcm.settings()).withEvents(events)
                .withRenderer(SmsTestSupport.RAW).withClock(Clock.fixed(NOW, ZoneOffset.UTC)), token);
    }

    @AfterEach
    void stop() {
        adapter.close();
        fcm.close();
    }

    private static Address.PushToken device() {
        return new Address.PushToken("fcm-token-" + TOKENS.incrementAndGet() + ":APA91b", Address.PushToken.Platform.ANDROID);
    }

    private static Message push(Address.PushToken to, String title, String text) {
        return SmsTestSupport.message(to, text).toBuilder().variable("title", new Variable.Text(title))
                .metadata("campaign", "winback-7").build();
    }

    @Test
    void sendsAnFcmV1MessageOverHttp2WithTheBearerTokenAndAcceptsItsName() {
        Address.PushToken to = device();
        Message m = push(to, "我们想念您", "回来看看，送您一张 20 元优惠券");
        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, adapter.send(m));
        FcmTestServer.Sent sent = fcm.sentTo(to.token()).get(0);
        assertEquals(HttpVersion.HTTP_2, sent.version());
        assertEquals("/v1/projects/recall-test/messages:send", sent.path());
        assertEquals("Bearer " + FcmTestServer.ACCESS_TOKEN, sent.authorization());
        assertEquals(sent.name(), accepted.providerId());
        assertEquals("我们想念您", sent.message().path("notification").path("title").asText());
        assertEquals("回来看看，送您一张 20 元优惠券", sent.message().path("notification").path("body").asText());
        assertEquals("winback-7", sent.message().path("data").path("campaign").asText());
        assertEquals(m.idempotencyKey(), sent.message().path("data").path("recall_idempotency_key").asText());
        assertEquals(1, tokenCalls.get());
    }

    @Test
    void concurrentSendsShareOneHttp2Connection() throws Exception {
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> adapter.send(push(device(), "Hi", "Hello")));
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4, fcm.sent().size());
        assertTrue(fcm.sent().stream().allMatch(s -> s.version() == HttpVersion.HTTP_2));
    }

    @Test
    void aPayloadOverTheLimitIsPermanentWithAClearReasonAndNeverSent() {
        Address.PushToken to = device();
        SendResult.Permanent p = assertInstanceOf(SendResult.Permanent.class,
                adapter.send(push(to, "Big", "优".repeat(1400))));    // 3 bytes each in UTF-8
        assertFalse(p.suppressAddress());
        assertTrue(p.reason().matches("push payload is \\d+ bytes, over FCM's 4096-byte limit"), p.reason());
        assertEquals(0, fcm.sentTo(to.token()).size());
    }

    @Test
    void aPayloadJustUnderTheLimitIsSent() {
        Address.PushToken to = device();
        String body = "a".repeat(3800);
        assertInstanceOf(SendResult.Accepted.class, adapter.send(push(to, "Fits", body)));
        String sentBody = fcm.sentTo(to.token()).get(0).message().path("notification").path("body").asText();
        assertEquals(3800, sentBody.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void anUnregisteredTokenIsPermanentSuppressedAndReportedAsTokenInvalid() {
        Address.PushToken to = device();
        fcm.act(to.token(), Action.UNREGISTERED);
        Message m = push(to, "Hi", "Hello");
        SendResult.Permanent p = assertInstanceOf(SendResult.Permanent.class, adapter.send(m));
        assertTrue(p.suppressAddress());
        DeliveryEvent e = events.await("token invalid", x -> x.type() == DeliveryEvent.Type.TOKEN_INVALID);
        assertEquals(Optional.of(to), e.recipient());
        assertEquals(Optional.of(m.idempotencyKey()), e.idempotencyKey());
        assertEquals("UNREGISTERED", e.details().get("errorCode"));
        assertEquals(NOW, e.occurredAt());
        assertTrue(e.type().suppressesAddress());
    }

    @Test
    void aPlain404WithoutAnFcmErrorCodeNeverSuppressesTheDevice() {
        Address.PushToken to = device();
        fcm.act(to.token(), Action.NOT_FOUND_PLAIN);
        SendResult.Permanent result = assertInstanceOf(SendResult.Permanent.class,
                adapter.send(push(to, "Hi", "Hello")));
        assertFalse(result.suppressAddress());
        assertTrue(result.reason().contains("check the project id"), result.reason());
    }

    @Test
    void aTokenOfAnotherSenderIsAlsoTokenInvalid() {
        Address.PushToken to = device();
        fcm.act(to.token(), Action.SENDER_ID_MISMATCH);
        assertTrue(assertInstanceOf(SendResult.Permanent.class, adapter.send(push(to, "Hi", "Hello"))).suppressAddress());
        assertEquals("SENDER_ID_MISMATCH", events.await("token invalid",
                x -> x.type() == DeliveryEvent.Type.TOKEN_INVALID).details().get("errorCode"));
    }

    @Test
    void quotaExceededIsRetryableAfterRetryAfterAndAnInvalidArgumentIsPermanentWithoutSuppression() {
        Address.PushToken throttled = device();
        fcm.act(throttled.token(), Action.QUOTA_EXCEEDED);
        SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, adapter.send(push(throttled, "a", "b")));
        assertEquals(Optional.of(Duration.ofSeconds(7)), r.retryAfter());
        Address.PushToken bad = device();
        fcm.act(bad.token(), Action.INVALID_ARGUMENT);
        assertFalse(assertInstanceOf(SendResult.Permanent.class, adapter.send(push(bad, "a", "b"))).suppressAddress());
        assertTrue(events.all().isEmpty());
    }

    @Test
    void noAnswerInTimeOrAResetStreamIsUnknown() {
        java.util.Map<String, String> settings = new java.util.HashMap<>(fcm.settings());
        settings.put("requestTimeoutMillis", "1000");
        AdapterContext context = AdapterContext.defaults().withSettings(settings).withRenderer(SmsTestSupport.RAW);
        try (FcmPushAdapter impatient = new FcmPushAdapter(context, () -> FcmTestServer.ACCESS_TOKEN)) {
            assertInstanceOf(SendResult.Accepted.class, impatient.send(push(device(), "a", "opens the connection")));
            Address.PushToken stalled = device();
            fcm.act(stalled.token(), Action.STALL);
            assertInstanceOf(SendResult.Unknown.class, impatient.send(push(stalled, "a", "b")));
            Address.PushToken reset = device();
            fcm.act(reset.token(), Action.DROP);
            assertInstanceOf(SendResult.Unknown.class, impatient.send(push(reset, "a", "b")));
            assertEquals(1, fcm.sentTo(stalled.token()).size());
            assertEquals(1, fcm.sentTo(reset.token()).size());
        }
    }

    @Test
    void aRefusedAccessTokenIsRetryableSoARefreshedOneCanBeTried() {
        AdapterContext context = AdapterContext.defaults().withSettings(fcm.settings()).withRenderer(SmsTestSupport.RAW);
        try (FcmPushAdapter stale = new FcmPushAdapter(context, () -> "expired")) {
            SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, stale.send(push(device(), "a", "b")));
            assertTrue(r.reason().contains("401"), r.reason());
        }
    }
}
