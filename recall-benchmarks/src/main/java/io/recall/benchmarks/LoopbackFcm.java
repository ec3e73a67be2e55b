package io.recall.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An FCM HTTP v1 stand-in on loopback, built like the push adapter's own test server: Jetty 12 speaking only HTTP/2
 * over TLS (ALPN {@code h2}, nothing to fall back to). It answers {@code 200 {"name": ...}} to a request that is
 * exactly what the benchmark sends (HTTP/2, path, bearer token, device token, notification, the idempotency key in
 * {@code data}) and {@code 400} to anything else, counting both and the connections they arrived on.
 */
final class LoopbackFcm implements AutoCloseable {

    static final String PROJECT = "recall-bench";
    static final String ACCESS_TOKEN = "ya29.bench-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final String deviceToken;
    private final String title;
    private final String text;
    private final String idempotencyKey;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();

    LoopbackFcm(LoopbackTls tls, String deviceToken, String title, String text, String idempotencyKey) throws Exception {
        this.deviceToken = deviceToken;
        this.title = title;
        this.text = text;
        this.idempotencyKey = idempotencyKey;
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setDaemon(true);
        threads.setName("loopback-fcm");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer());
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
        alpn.setDefaultProtocol("h2");
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.serverKeyStore().toString());
        ssl.setKeyStorePassword(LoopbackTls.PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                LoopbackFcm.this.handle(request, response, callback);
                return true;
            }
        });
        server.setStopTimeout(0);
        server.start();
    }

    String baseUri() {
        return "https://localhost:" + connector.getLocalPort();
    }

    private void handle(Request request, Response response, Callback callback) throws Exception {
        JsonNode message = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8)).path("message");
        connections.add(String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress()));
        boolean right = request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2
                && ("/v1/projects/" + PROJECT + "/messages:send").equals(request.getHttpURI().getPath())
                && ("Bearer " + ACCESS_TOKEN).equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                && deviceToken.equals(message.path("token").asText())
                && title.equals(message.path("notification").path("title").asText())
                && text.equals(message.path("notification").path("body").asText())
                && idempotencyKey.equals(message.path("data").path("recall_idempotency_key").asText());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=UTF-8");
        if (right) {
            long n = taken.incrementAndGet();
            response.setStatus(200);
            Content.Sink.write(response, true, "{\"name\":\"projects/" + PROJECT + "/messages/0:" + (1_700_000_000_000L + n)
                    + "\"}", callback);
        } else {
            refused.incrementAndGet();
            response.setStatus(400);
            Content.Sink.write(response, true, "{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\"}}", callback);
        }
    }

    /** Requests that were exactly the expected notification, over HTTP/2. */
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
    public void close() throws Exception {
        server.stop();
    }
}
