package io.recall.examples.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.tck.ProviderProbe;
import io.recall.examples.sms.TestTls;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An FCM HTTP v1 stand-in on loopback: Jetty 12 speaking only HTTP/2 over TLS (ALPN {@code h2}, no HTTP/1.1 to
 * fall back to), checking the bearer token, answering per device token as told, recording every request with the
 * HTTP version it arrived over. Also the kit's probe.
 */
final class FcmTestServer implements ProviderProbe {

    static final String PROJECT = "recall-test";
    static final String ACCESS_TOKEN = "ya29.test-token";

    /** How the stand-in answers a send to one device token. */
    enum Action { ACCEPT, UNREGISTERED, NOT_FOUND_PLAIN, SENDER_ID_MISMATCH, INVALID_ARGUMENT, QUOTA_EXCEEDED, UNAVAILABLE, STALL, DROP }

    /** One request as it arrived. */
    record Sent(long request, HttpVersion version, String path, String authorization, JsonNode message, String name) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Action> actions = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final CountDownLatch released = new CountDownLatch(1);

    private FcmTestServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setDaemon(true);
        threads.setName("fcm-test-server");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer());
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
        alpn.setDefaultProtocol("h2");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(TestTls.get().keyStore().toString());
        tls.setKeyStorePassword(TestTls.PASSWORD);
        tls.setKeyStoreType("PKCS12");
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                FcmTestServer.this.handle(request, response, callback);
                return true;
            }
        });
        server.setStopTimeout(0);
        server.start();
    }

    static FcmTestServer start() throws Exception {
        FcmTestServer server = new FcmTestServer();
        TestTls.warmUp(URI.create(server.baseUri() + "/"), HttpClient.Version.HTTP_2);
        return server;
    }

    String baseUri() {
        return "https://localhost:" + connector.getLocalPort();
    }

    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("baseUri", baseUri());
        s.put("project", PROJECT);
        s.put("accessToken", ACCESS_TOKEN);
        s.put("trustStore", TestTls.get().trustStore().toString());
        s.put("trustStorePassword", TestTls.PASSWORD);
        s.put("connectTimeoutMillis", "5000");
        s.put("requestTimeoutMillis", "5000");   // generous: a first TLS + h2 setup on a loaded machine is slow
        return s;
    }

    void act(String token, Action action) {
        actions.put(token, action);
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<Sent> sentTo(String token) {
        return sent.stream().filter(s -> s.message().path("token").asText().equals(token)).collect(Collectors.toList());
    }

    private void handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (!("/v1/projects/" + PROJECT + "/messages:send").equals(path)) {
            respond(response, callback, 404, Map.of(), "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\"}}");
            return;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (!("Bearer " + ACCESS_TOKEN).equals(authorization)) {
            respond(response, callback, 401, Map.of(), "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}");
            return;
        }
        JsonNode message = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8)).path("message");
        String token = message.path("token").asText();
        Action action = actions.getOrDefault(token, Action.ACCEPT);
        switch (action) {
            case UNREGISTERED -> respond(response, callback, 404, Map.of(), fcmError(404, "NOT_FOUND", "UNREGISTERED"));
            case NOT_FOUND_PLAIN -> respond(response, callback, 404, Map.of(),
                    "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\"}}");
            case SENDER_ID_MISMATCH -> respond(response, callback, 403, Map.of(),
                    fcmError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH"));
            case INVALID_ARGUMENT -> respond(response, callback, 400, Map.of(),
                    fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
            case QUOTA_EXCEEDED -> respond(response, callback, 429, Map.of("Retry-After", "7"),
                    fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED"));
            case UNAVAILABLE -> respond(response, callback, 503, Map.of(), fcmError(503, "UNAVAILABLE", "UNAVAILABLE"));
            default -> {
                long n = requests.incrementAndGet();
                String name = "projects/" + PROJECT + "/messages/0:" + (1_700_000_000_000L + n);
                sent.add(new Sent(n, request.getConnectionMetaData().getHttpVersion(), path, authorization, message, name));
                if (action == Action.DROP) {
                    // Took it, then drop the connection: the client gets no answer.
                    request.getConnectionMetaData().getConnection().getEndPoint().close();
                    callback.failed(new java.io.IOException("dropped by the test server"));
                    return;
                }
                if (action == Action.STALL) {
                    released.await(3, TimeUnit.SECONDS);
                }
                respond(response, callback, 200, Map.of(), "{\"name\":\"" + name + "\"}");
            }
        }
    }

    private static String fcmError(int code, String status, String errorCode) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"test\",\"status\":\"" + status + "\",\"details\":[{"
                + "\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + errorCode
                + "\"}]}}";
    }

    private static void respond(Response response, Callback callback, int status, Map<String, String> headers,
                                String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=UTF-8");
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        Content.Sink.write(response, true, body, callback);
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
        return true;   // the adapter puts it in data.recall_idempotency_key
    }

    @Override
    public boolean seesContent() {
        return true;
    }

    @Override
    public Set<DeliveryEvent.Type> emittableEvents() {
        return Set.of();   // FCM reports nothing later; a dead token shows in the send's answer
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        act(((Address.PushToken) recipient).token(), switch (behaviour) {
            case ACCEPT -> Action.ACCEPT;
            case TRANSIENT_FAILURE -> Action.UNAVAILABLE;
            case THROTTLE -> Action.QUOTA_EXCEEDED;
            case REJECT_ADDRESS -> Action.UNREGISTERED;
            case REJECT_CONTENT -> Action.INVALID_ARGUMENT;
            case TIMEOUT_AFTER_SEND -> Action.DROP;
            case UNAVAILABLE -> throw new IllegalArgumentException("cannot refuse one token's connection");
        });
    }

    @Override
    public List<Received> received() {
        return sent.stream().map(s -> new Received(
                        new Address.PushToken(s.message().path("token").asText(), Address.PushToken.Platform.ANDROID),
                        Optional.of(s.message().path("data").path("recall_idempotency_key").asText())
                                .filter(k -> !k.isEmpty()),
                        Optional.of(s.message().path("notification").path("title").asText("") + "\n"
                                + s.message().path("notification").path("body").asText("")),
                        s.request()))
                .collect(Collectors.toList());
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        throw new IllegalArgumentException("FCM reports no events");
    }

    @Override
    public void close() {
        released.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
