package io.recall.examples.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.tck.ProviderProbe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A JSON SMS gateway on loopback over HTTPS ({@code com.sun.net.httpserver}) with the test certificate: it answers
 * per recipient as told, deduplicates by {@code Idempotency-Key}, and records what it took. Also the kit's probe.
 */
final class HttpSmsTestServer implements ProviderProbe {

    /** How the gateway answers a request for one recipient. */
    enum Action { ACCEPT, UNAVAILABLE_503, UNAVAILABLE_503_RETRY_3, THROTTLE, THROTTLE_DATE, INVALID_RECIPIENT,
        CONTENT_REJECTED, STALL, DROP, BROKEN_JSON }

    /** A request the gateway took. */
    record Taken(long request, String to, String text, String reference, Map<String, String> headers, String id) {
    }

    static final Instant RETRY_DATE_BASE = SmsTestSupport.NOW;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "https-sms-gateway");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Action> actions = new ConcurrentHashMap<>();
    private final List<Taken> taken = new CopyOnWriteArrayList<>();
    private final Map<String, String> idsByKey = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch released = new CountDownLatch(1);

    private HttpSmsTestServer() throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.get().serverContext()));
        server.setExecutor(executor);
        server.createContext("/v1/sms", this::handle);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(404, -1);
            }
        });
        server.start();
    }

    static HttpSmsTestServer start() throws IOException {
        HttpSmsTestServer server = new HttpSmsTestServer();
        TestTls.warmUp(java.net.URI.create(server.endpoint()).resolve("/"), java.net.http.HttpClient.Version.HTTP_1_1);
        return server;
    }

    String endpoint() {
        return "https://localhost:" + server.getAddress().getPort() + "/v1/sms";
    }

    /**
     * Settings for an adapter that trusts the test certificate. The timeouts are generous because a loaded machine
     * may take seconds over a first TLS handshake; the kit's "no answer" case drops the connection instead.
     */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("endpoint", endpoint());
        s.put("apiKey", "test-api-key");
        s.put("trustStore", TestTls.get().trustStore().toString());
        s.put("trustStorePassword", TestTls.PASSWORD);
        s.put("connectTimeoutMillis", "5000");
        s.put("requestTimeoutMillis", "5000");
        return s;
    }

    void act(Address.Phone to, Action action) {
        actions.put(to.e164(), action);
    }

    List<Taken> taken() {
        return List.copyOf(taken);
    }

    List<Taken> takenFor(Address.Phone to) {
        return taken.stream().filter(t -> t.to().equals(to.e164())).collect(Collectors.toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String to = body.path("to").asText();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            Action action = actions.getOrDefault(to, Action.ACCEPT);
            switch (action) {
                case UNAVAILABLE_503 -> respond(exchange, 503, Map.of(), "{\"error\":{\"code\":\"unavailable\"}}");
                case UNAVAILABLE_503_RETRY_3 -> respond(exchange, 503, Map.of("Retry-After", "3"),
                        "{\"error\":{\"code\":\"maintenance\"}}");
                case THROTTLE -> respond(exchange, 429, Map.of("Retry-After", "7"),
                        "{\"error\":{\"code\":\"rate_limited\"}}");
                case THROTTLE_DATE -> respond(exchange, 429, Map.of("Retry-After",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(RETRY_DATE_BASE.plusSeconds(30).atZone(ZoneOffset.UTC))),
                        "{\"error\":{\"code\":\"rate_limited\"}}");
                case INVALID_RECIPIENT -> respond(exchange, 400, Map.of(),
                        "{\"error\":{\"code\":\"invalid_recipient\",\"message\":\"not a mobile number\"}}");
                case CONTENT_REJECTED -> respond(exchange, 422, Map.of(),
                        "{\"error\":{\"code\":\"content_rejected\"}}");
                case BROKEN_JSON -> respond(exchange, 500, Map.of(), "<html>oops");
                case DROP -> {
                    // Take the message, then close the connection without an answer.
                    take(to, body.path("text").asText(), body.path("reference").asText(), key, exchange);
                    exchange.getRequestBody().close();
                    exchange.close();
                }
                default -> {
                    String id = take(to, body.path("text").asText(), body.path("reference").asText(), key, exchange);
                    if (action == Action.STALL) {
                        try {
                            released.await(3, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    respond(exchange, 202, Map.of(), "{\"id\":\"" + id + "\",\"status\":\"queued\"}");
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (a stalled request it gave up on)
        }
    }

    private synchronized String take(String to, String text, String reference, String key, HttpExchange exchange) {
        if (key != null && idsByKey.containsKey(key)) {
            return idsByKey.get(key);
        }
        String id = "gw-" + ids.incrementAndGet();
        if (key != null) {
            idsByKey.put(key, id);
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        taken.add(new Taken(requests.incrementAndGet(), to, text, reference, Map.copyOf(headers), id));
        return id;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- the probe

    @Override
    public Set<Behaviour> behaviours() {
        return EnumSet.of(Behaviour.ACCEPT, Behaviour.TRANSIENT_FAILURE, Behaviour.THROTTLE, Behaviour.REJECT_ADDRESS,
                Behaviour.REJECT_CONTENT, Behaviour.TIMEOUT_AFTER_SEND);
    }

    @Override
    public Optional<Duration> throttleRetryAfter() {
        return Optional.of(Duration.ofSeconds(7));
    }

    @Override
    public boolean seesIdempotencyKeys() {
        return true;
    }

    @Override
    public boolean seesContent() {
        return true;
    }

    @Override
    public Set<DeliveryEvent.Type> emittableEvents() {
        return Set.of();   // delivery reports would come by the gateway's own webhook, not part of this adapter
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        act((Address.Phone) recipient, switch (behaviour) {
            case ACCEPT -> Action.ACCEPT;
            case TRANSIENT_FAILURE -> Action.UNAVAILABLE_503;
            case THROTTLE -> Action.THROTTLE;
            case REJECT_ADDRESS -> Action.INVALID_RECIPIENT;
            case REJECT_CONTENT -> Action.CONTENT_REJECTED;
            case TIMEOUT_AFTER_SEND -> Action.DROP;
            case UNAVAILABLE -> throw new IllegalArgumentException("cannot refuse one recipient's connection");
        });
    }

    @Override
    public List<Received> received() {
        return taken.stream().map(t -> new Received(new Address.Phone(t.to()),
                Optional.ofNullable(t.headers().get("idempotency-key")), Optional.of(t.text()), t.request()))
                .collect(Collectors.toList());
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        throw new IllegalArgumentException("this gateway reports no events");
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
