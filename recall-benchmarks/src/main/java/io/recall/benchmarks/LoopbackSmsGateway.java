package io.recall.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON SMS gateway on loopback over HTTPS ({@code com.sun.net.httpserver.HttpsServer}, as the HTTP SMS adapter's
 * own tests use), answering {@code 202 {"id": "gw-n"}} to a request that is exactly what the benchmark sends (path,
 * bearer key, {@code to}, {@code text}, {@code reference} equal to the {@code Idempotency-Key} header) and
 * {@code 400} to anything else, counting both and the connections they arrived on.
 */
final class LoopbackSmsGateway implements AutoCloseable {

    static final String PATH = "/v1/sms";
    static final String API_KEY = "bench-api-key";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "loopback-sms-gateway");
        t.setDaemon(true);
        return t;
    });
    private final String to;
    private final String text;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();

    LoopbackSmsGateway(SSLContext tls, String to, String text) throws IOException {
        this.to = to;
        this.text = text;
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "https://localhost:" + server.getAddress().getPort() + PATH;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            connections.add(exchange.getRemoteAddress().toString());
            JsonNode body = JSON.readTree(bytes);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            boolean right = PATH.equals(exchange.getRequestURI().getPath())
                    && ("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && to.equals(body.path("to").asText()) && text.equals(body.path("text").asText())
                    && key != null && key.equals(body.path("reference").asText());
            byte[] answer;
            if (right) {
                answer = ("{\"id\":\"gw-" + taken.incrementAndGet() + "\",\"status\":\"queued\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                refused.incrementAndGet();
                answer = "{\"error\":{\"code\":\"bad_request\"}}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(right ? 202 : 400, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** Requests that were exactly the expected SMS. */
    long taken() {
        return taken.get();
    }

    /** Requests that were not. */
    long refused() {
        return refused.get();
    }

    /** Distinct client connections requests arrived on. */
    int connections() {
        return connections.size();
    }

    void forgetConnections() {
        connections.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
