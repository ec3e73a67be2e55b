package io.recall.examples.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.ChannelAdapterDiscovery;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook adapter against a real HTTP receiver on loopback: what goes on the wire and how answers map. */
class WebhookAdapterTest {

    private static final WebhookSecret CURRENT = WebhookSecret.of("current-secret-of-24-bytes!!".getBytes());
    private static final WebhookSecret PREVIOUS = WebhookSecret.of("previous-secret-of-24-bytes!".getBytes());

    private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
    private LoopbackWebhookReceiver receiver;
    private WebhookAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        // The receiver still holds only the previous secret: the rotation must not break it.
        receiver = new LoopbackWebhookReceiver(List.of(PREVIOUS), false);
        adapter = WebhookAdapter.create(AdapterContext.defaults().withEvents(events::add).withSettings(Map.of(
                "secrets", CURRENT.encoded() + " " + PREVIOUS.encoded(), "requestTimeoutMillis", "2000")));
    }

    @AfterEach
    void stop() {
        adapter.close();
        receiver.close();
    }

    private static Message message(URI endpoint, String key) {
        return Message.newBuilder().id("m-" + key).idempotencyKey(key).recipient(new Address.Webhook(endpoint))
                .templateId("winback-reminder").locale(Locale.SIMPLIFIED_CHINESE).purpose(Purpose.MARKETING)
                .variable("firstName", new Variable.Text("小明"))
                .variable("discount", new Variable.Money(new BigDecimal("88.00"), Currency.getInstance("CNY")))
                .variable("until", new Variable.Date(LocalDate.of(2026, 12, 31)))
                .metadata("campaign", "winback-q4").build();
    }

    @Test
    void aMessageIsPostedAsSignedJsonWithTheIdempotencyKeyAsWebhookId() throws IOException {
        URI endpoint = receiver.endpoint("shop-group");
        SendResult result = adapter.send(message(endpoint, "key-1"));
        assertEquals(SendResult.accepted("key-1"), result);
        LoopbackWebhookReceiver.Request r = receiver.requests().get(0);
        assertTrue(r.verification().verified(), r.verification().toString());
        assertEquals("key-1", r.header("webhook-id"));
        assertEquals(2, r.header("webhook-signature").split(" ").length, "signed with both active secrets");
        assertEquals("application/json", r.header("content-type"));
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("recall.message", body.get("type").asText());
        assertEquals("winback-reminder", body.at("/data/templateId").asText());
        assertEquals("zh-CN", body.at("/data/locale").asText());
        assertEquals("小明", body.at("/data/variables/firstName/value").asText());
        assertEquals("88.00", body.at("/data/variables/discount/amount").asText());
        assertEquals("CNY", body.at("/data/variables/discount/currency").asText());
        assertEquals("2026-12-31", body.at("/data/variables/until/value").asText());
        assertEquals("winback-q4", body.at("/data/metadata/campaign").asText());
    }

    @Test
    void retriesCarryTheSameWebhookIdAndFollowTheStandardSchedule() {
        URI endpoint = receiver.endpoint("flaky");
        receiver.answer(endpoint, 503, "");
        Message m = message(endpoint, "key-retry");
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, adapter.send(m));
            waits.add(r.retryAfter().orElseThrow());
        }
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2)),
                waits);
        receiver.answer(endpoint, 200, "");
        assertEquals(SendResult.accepted("key-retry"), adapter.send(m));
        assertEquals(List.of("key-retry"), receiver.requests().stream().map(r -> r.header("webhook-id")).distinct().toList());
        assertEquals(5, receiver.requests().size());
    }

    @Test
    void theReceiversRetryAfterWinsOverTheSchedule() {
        URI throttled = receiver.endpoint("throttled");
        receiver.answer(throttled, 429, "42");
        assertEquals(Optional.of(Duration.ofSeconds(42)),
                assertInstanceOf(SendResult.Retryable.class, adapter.send(message(throttled, "k-429"))).retryAfter());
        URI down = receiver.endpoint("maintenance");
        receiver.answer(down, 503, "120");
        assertEquals(Optional.of(Duration.ofSeconds(120)),
                assertInstanceOf(SendResult.Retryable.class, adapter.send(message(down, "k-503"))).retryAfter());
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsReadAgainstTheContextClock() {
        // Near the real time, since the receiver checks the timestamp against its own clock.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        WebhookAdapter clocked = WebhookAdapter.create(AdapterContext.defaults()
                .withClock(Clock.fixed(now, ZoneOffset.UTC)).withSettings(Map.of("secrets", PREVIOUS.encoded())));
        try {
            URI endpoint = receiver.endpoint("dated");
            receiver.answer(endpoint, 503, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(now.plusSeconds(90).atZone(ZoneOffset.UTC)));
            assertEquals(Optional.of(Duration.ofSeconds(90)),
                    assertInstanceOf(SendResult.Retryable.class, clocked.send(message(endpoint, "k-date"))).retryAfter());
        } finally {
            clocked.close();
        }
    }

    @Test
    void goneDisablesTheEndpointReportsItAndRefusesLaterSendsWithoutARequest() {
        URI endpoint = receiver.endpoint("gone");
        receiver.answer(endpoint, 410, "");
        SendResult.Permanent first = assertInstanceOf(SendResult.Permanent.class, adapter.send(message(endpoint, "k-1")));
        assertTrue(first.suppressAddress(), first.toString());
        DeliveryEvent event = events.get(0);
        assertEquals(DeliveryEvent.Type.HARD_BOUNCE, event.type());
        assertEquals(Optional.of("k-1"), event.idempotencyKey());
        assertEquals(Optional.of(new Address.Webhook(endpoint)), event.recipient());
        assertEquals("410", event.details().get("status"));
        assertEquals(java.util.Set.of(endpoint), adapter.disabledEndpoints());

        SendResult.Permanent later = assertInstanceOf(SendResult.Permanent.class, adapter.send(message(endpoint, "k-2")));
        assertTrue(later.reason().contains("disabled after it answered 410 Gone"), later.reason());
        assertEquals(1, receiver.requests().size(), "no request after the endpoint was disabled");

        adapter.enable(endpoint);
        receiver.answer(endpoint, 200, "");
        assertEquals(SendResult.accepted("k-3"), adapter.send(message(endpoint, "k-3")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {301, 401, 403, 404, 408})
    void everyNon2xxOtherThanGoneIsRetriedOnTheScheduleWithoutDisablingTheEndpoint(int status) {
        URI endpoint = receiver.endpoint("status-" + status);
        receiver.answer(endpoint, status, "");
        SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, adapter.send(message(endpoint, "k" + status)));
        assertTrue(r.reason().startsWith("http " + status), r.toString());
        assertEquals(Optional.of(Duration.ofSeconds(5)), r.retryAfter(), "the schedule's first delay");
        assertTrue(adapter.disabledEndpoints().isEmpty());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {400, 413, 422})
    void aReceiverRejectingTheContentItselfIsPermanentWithoutSuppression(int status) {
        URI endpoint = receiver.endpoint("content-" + status);
        receiver.answer(endpoint, status, "");
        SendResult.Permanent p = assertInstanceOf(SendResult.Permanent.class, adapter.send(message(endpoint, "c" + status)));
        assertTrue(!p.suppressAddress() && p.reason().startsWith("http " + status), p.toString());
        assertTrue(adapter.disabledEndpoints().isEmpty());
    }

    @Test
    void aReceiverThatStallsItsBodyAfterTheStatusDoesNotHoldTheSendPastMaxSendDuration() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread stalling = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    s.getInputStream().read(new byte[65536]);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    Thread.sleep(30_000);   // the other 97 bytes never come
                } catch (Exception e) {
                    // the client gave up: done
                }
            });
            stalling.setDaemon(true);
            stalling.start();
            WebhookAdapter quick = WebhookAdapter.create(AdapterContext.defaults().withSettings(Map.of(
                    "secrets", PREVIOUS.encoded(), "connectTimeoutMillis", "500", "requestTimeoutMillis", "500")));
            try {
                Duration max = quick.capabilities().maxSendDuration();
                URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hooks/stall");
                java.util.concurrent.CompletableFuture<SendResult> sent =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> quick.send(message(endpoint, "k-stall")));
                // The SPI's bound, with a generous margin; without the fix the send waited for the whole body.
                SendResult r = sent.get(max.toMillis() + 2_000, java.util.concurrent.TimeUnit.MILLISECONDS);
                assertEquals(SendResult.accepted("k-stall"), r, "the status line said 200");
            } finally {
                quick.close();
            }
        }
    }

    @Test
    void aReceiverAnsweringWithABodyKeepsOneConnectionForManyWebhooks() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        server.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] answer = "{\"received\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/shop");
            for (int i = 0; i < 20; i++) {
                assertEquals(SendResult.accepted("k-body-" + i), adapter.send(message(endpoint, "k-body-" + i)));
            }
            // An unread body makes the client drop the connection: over TLS a new handshake per webhook.
            assertEquals(1, clientPorts.size(), "one connection carried every webhook: " + clientPorts);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedPortIsRetryable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class,
                adapter.send(message(URI.create("http://127.0.0.1:" + port + "/hooks/x"), "k-down")));
        assertEquals(Optional.of(Duration.ofSeconds(5)), r.retryAfter());
    }

    @Test
    void aSlowReceiverIsUnknownAfterTheRequestTimeout() {
        WebhookAdapter quick = WebhookAdapter.create(AdapterContext.defaults().withSettings(Map.of(
                "secrets", PREVIOUS.encoded(), "requestTimeoutMillis", "300")));
        try {
            URI endpoint = receiver.endpoint("slow");
            receiver.inject(new Address.Webhook(endpoint), io.recall.channels.tck.ProviderProbe.Behaviour.TIMEOUT_AFTER_SEND);
            assertInstanceOf(SendResult.Unknown.class, quick.send(message(endpoint, "k-slow")));
        } finally {
            quick.close();
        }
    }

    @Test
    void theTimestampComesFromTheContextClock() {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        WebhookAdapter stale = WebhookAdapter.create(AdapterContext.defaults().withClock(fixed).withSettings(Map.of(
                "secrets", PREVIOUS.encoded())));
        try {
            URI endpoint = receiver.endpoint("clock");
            stale.send(message(endpoint, "k-clock"));
            LoopbackWebhookReceiver.Request r = receiver.requests().get(0);
            assertEquals(Long.toString(Instant.parse("2026-11-24T10:00:00Z").getEpochSecond()), r.header("webhook-timestamp"));
        } finally {
            stale.close();
        }
    }

    @Test
    void withLocalRenderingTheRenderedPartsTravelInTheBodyAndARenderFailureIsNeverSent() throws IOException {
        io.recall.channels.TemplateRenderer renderer = m -> m.variables().containsKey("firstName")
                ? io.recall.channels.RenderResult.of(Map.of("text", "你好 " + ((Variable.Text) m.variables().get("firstName")).value()))
                : io.recall.channels.RenderResult.failed(io.recall.channels.RenderResult.Problem.missingVariable(
                        m.templateId(), "firstName"));
        WebhookAdapter local = WebhookAdapter.create(AdapterContext.defaults().withRenderer(renderer).withSettings(Map.of(
                "secrets", PREVIOUS.encoded(), "rendering", "local")));
        try {
            URI endpoint = receiver.endpoint("rendered");
            assertEquals(SendResult.accepted("k-local"), local.send(message(endpoint, "k-local")));
            JsonNode body = new ObjectMapper().readTree(receiver.requests().get(0).body());
            assertEquals("你好 小明", body.at("/data/content/text").asText());
            SendResult.Permanent failed = assertInstanceOf(SendResult.Permanent.class, local.send(message(endpoint, "k-bad")
                    .toBuilder().removeVariable("firstName").build()));
            assertTrue(failed.reason().contains("firstName") && !failed.suppressAddress(), failed.toString());
            assertEquals(1, receiver.requests().size());
        } finally {
            local.close();
        }
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> WebhookAdapter.create(AdapterContext.defaults()));
        assertTrue(none.getMessage().startsWith("setting 'secrets' is required"), none.getMessage());
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class, () -> WebhookAdapter.create(
                AdapterContext.defaults().withSettings(Map.of("secrets", CURRENT.encoded() + ",whsec_c2hvcnQ="))));
        assertEquals("setting 'secrets', secret 2: a webhook secret must be 24 to 64 bytes but was 5", second.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WebhookAdapter.create(AdapterContext.defaults()
                .withSettings(Map.of("secrets", CURRENT.encoded(), "requestTimeoutMillis", "soon"))));
    }

    @Test
    void serviceLoaderFindsTheProviderForTheWebhookChannel() {
        ChannelAdapterDiscovery found = ChannelAdapterDiscovery.discover();
        assertTrue(found.named("webhook").orElseThrow() instanceof WebhookAdapterProvider, found.problems().toString());
    }
}
