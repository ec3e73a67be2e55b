package io.recall.examples.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.tck.ProviderProbe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real webhook receiver on loopback ({@code com.sun.net.httpserver}), built the way a host would: it verifies
 * every request with {@link WebhookVerifier}, deduplicates on {@code webhook-id} when asked, and answers per
 * endpoint as the test injects. Also the contract-test kit's probe.
 */
final class LoopbackWebhookReceiver implements ProviderProbe {

    /** One request as the receiver saw it. */
    record Request(String path, Map<String, List<String>> headers, byte[] body, Verification verification) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse("");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final Duration HOLD = Duration.ofMillis(1_500);
    static final int THROTTLE_SECONDS = 7;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "loopback-webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final WebhookVerifier verifier;
    private final boolean deduplicates;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<Integer, String>> statuses = new ConcurrentHashMap<>();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final List<Received> held = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong requestNumbers = new AtomicLong();

    LoopbackWebhookReceiver(List<WebhookSecret> secrets, boolean deduplicates) throws IOException {
        this.verifier = WebhookVerifier.of(secrets, WebhookVerifier.DEFAULT_TOLERANCE, Clock.systemUTC());
        this.deduplicates = deduplicates;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + name);
    }

    /** Answers every later request to this endpoint with a raw status, and this Retry-After unless empty. */
    void answer(URI endpoint, int status, String retryAfter) {
        statuses.put(endpoint.getPath(), Map.entry(status, retryAfter));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Verification v = verifier.verify(exchange.getRequestHeaders(), body);
            requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, v));
            if (!v.verified()) {
                respond(exchange, 401, Map.of());
                return;
            }
            Map.Entry<Integer, String> raw = statuses.get(path);
            if (raw != null) {
                respond(exchange, raw.getKey(), raw.getValue().isEmpty() ? Map.of() : Map.of("Retry-After", raw.getValue()));
                return;
            }
            Behaviour b = behaviours.getOrDefault(path, Behaviour.ACCEPT);
            switch (b) {
                case ACCEPT -> {
                    take(path, (Verification.Verified) v, body);
                    respond(exchange, 200, Map.of());
                }
                case TIMEOUT_AFTER_SEND -> {
                    take(path, (Verification.Verified) v, body);
                    try {
                        Thread.sleep(HOLD.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    respond(exchange, 200, Map.of());
                }
                case TRANSIENT_FAILURE -> respond(exchange, 503, Map.of());
                case THROTTLE -> respond(exchange, 429, Map.of("Retry-After", Integer.toString(THROTTLE_SECONDS)));
                case REJECT_ADDRESS -> respond(exchange, 410, Map.of());
                case REJECT_CONTENT -> respond(exchange, 422, Map.of());
                default -> respond(exchange, 500, Map.of());
            }
        } catch (IOException | RuntimeException e) {
            // The sender may have hung up (a timeout test); nothing to answer.
        }
    }

    private void take(String path, Verification.Verified v, byte[] body) {
        if (deduplicates && !seenIds.add(v.id())) {
            return;
        }
        held.add(new Received(new Address.Webhook(endpoint(path.substring("/hooks/".length()))), Optional.of(v.id()),
                Optional.of(new String(body, StandardCharsets.UTF_8)), requestNumbers.incrementAndGet()));
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public Set<Behaviour> behaviours() {
        return EnumSet.complementOf(EnumSet.of(Behaviour.UNAVAILABLE));
    }

    @Override
    public Optional<Duration> throttleRetryAfter() {
        return Optional.of(Duration.ofSeconds(THROTTLE_SECONDS));
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
        // A webhook receiver answers with a status and sends nothing back later.
        return Set.of();
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        behaviours.put(((Address.Webhook) recipient).endpoint().getPath(), behaviour);
    }

    @Override
    public List<Received> received() {
        return new ArrayList<>(held);
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        throw new UnsupportedOperationException("a webhook receiver reports no events");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
