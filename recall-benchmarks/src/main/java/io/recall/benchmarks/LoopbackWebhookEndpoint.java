package io.recall.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.recall.examples.webhook.Verification;
import io.recall.examples.webhook.WebhookSecret;
import io.recall.examples.webhook.WebhookVerifier;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A webhook receiver on loopback ({@code com.sun.net.httpserver}; plain HTTP like the adapter's own tests' receiver,
 * or HTTPS), built as a host would build one: every request is checked with the project's {@link WebhookVerifier} before it is
 * counted. A request that does not verify is answered 401 (so the adapter's send is not Accepted) and counted apart.
 * The connections requests arrived on are counted too, which shows whether the sender reuses them.
 */
final class LoopbackWebhookEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "loopback-webhook-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final WebhookVerifier verifier;
    private final byte[] answer;
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> lastId = new AtomicReference<>("");
    private final AtomicReference<byte[]> lastBody = new AtomicReference<>(new byte[0]);

    /**
     * @param tls    serves HTTPS with this context when present, else plain HTTP
     * @param answer the body of the 200 answer; empty answers 204 No Content
     */
    LoopbackWebhookEndpoint(WebhookSecret secret, Optional<SSLContext> tls, String answer) throws IOException {
        this.verifier = WebhookVerifier.of(secret, Clock.systemUTC());
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 128);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/hooks/bench");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            connections.add(exchange.getRemoteAddress().toString());
            Verification v = verifier.verify(exchange.getRequestHeaders(), body);
            if (v instanceof Verification.Verified ok) {
                lastId.set(ok.id());
                lastBody.set(body);
                verified.incrementAndGet();
                if (answer.length == 0) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
            } else {
                rejected.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
            }
        }
    }

    /** Requests whose signature verified. */
    long verified() {
        return verified.get();
    }

    /** Requests that did not verify. */
    long rejected() {
        return rejected.get();
    }

    /** Distinct client connections (remote address and port) requests arrived on. */
    int connections() {
        return connections.size();
    }

    /** Forgets the connections seen, to count them per iteration. */
    void forgetConnections() {
        connections.clear();
    }

    String lastId() {
        return lastId.get();
    }

    byte[] lastBody() {
        return lastBody.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
