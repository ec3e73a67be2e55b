package io.recall.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import io.recall.examples.push.FcmPushAdapter;
import io.recall.examples.sms.internal.HttpSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Push notifications per second through the reference {@link FcmPushAdapter} (FCM HTTP v1 shape, HTTP/2 over TLS)
 * to an FCM stand-in on loopback ({@link LoopbackFcm}: Jetty 12, h2 only, as the adapter's own tests use), and the
 * adapter's own cost per notification without the network.
 *
 * <ul>
 *   <li>{@code adapterSend}, {@code adapterSend4Threads}: {@code FcmPushAdapter.send} from one thread, and from four
 *       sharing the adapter (thread-safe; its requests are streams multiplexed on one HTTP/2 connection).</li>
 *   <li>{@code pooledClientPreparedRequest}: the floor: one request built once, sent again and again on one HTTP/2
 *       {@code HttpClient} like the adapter's. What {@code adapterSend} costs more is the adapter's own work.</li>
 *   <li>{@code newClientPerMessage}: the naive baseline: a new {@code HttpClient} per notification, so a new TCP
 *       connection, TLS handshake and HTTP/2 preface each time.</li>
 *   <li>{@code requestBody}: the adapter's own work before the network: the notification and data, the 4096-byte
 *       payload check, the message JSON and the {@code HttpRequest}. {@code doSend} builds them inline, so this is a
 *       line-for-line copy of that code. {@code readAnswer}: parsing FCM's answer with {@code HttpSupport.json}.</li>
 * </ul>
 * The stand-in answers 200 only to exactly the expected request over HTTP/2; every iteration checks it took as many
 * as were sent and refused none, and prints how many connections they came on. It answers at once, so the figures
 * are an upper bound; FCM's own latency and quotas decide in production.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar PushSendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class PushSendBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "fGx7Zq3bR0e2kP9vLm4sTn:APA91bH7c2QeXw8sJ0mVr3yK5uZa1bN6dF4gH9jL2pO7iU0tR5eW3qA8sD1fG6hJ"
            + "4kL9zX2cV7bN0mQ5wE3rT8yU1iO6pA4sD9fG2hJ7kL0zX5cV";
    private static final String TITLE = "We miss you, Ada";
    private static final String TEXT = "Here is 10% off your next order with code BACK10 until Sunday.";
    private static final String KEY = "winback-2026-11-c0042";
    private static final String ANSWER = "{\"name\":\"projects/recall-bench/messages/0:1700000000123\"}";

    private LoopbackTls tls;
    private SSLContext trusting;
    private LoopbackFcm fcm;
    private FcmPushAdapter adapter;
    private HttpClient pooled;
    private HttpRequest prepared;
    private URI sendUri;
    private Message message;
    private final LongAdder sent = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        tls = LoopbackTls.create();
        trusting = tls.clientContext();
        fcm = new LoopbackFcm(tls, DEVICE, TITLE, TEXT, KEY);
        sendUri = URI.create(fcm.baseUri()).resolve("/v1/projects/"
                + URLEncoder.encode(LoopbackFcm.PROJECT, StandardCharsets.UTF_8) + "/messages:send");
        adapter = new FcmPushAdapter(AdapterContext.defaults()
                .withSettings(Map.of("baseUri", fcm.baseUri(), "project", LoopbackFcm.PROJECT,
                        "trustStore", tls.trustStore().toString(), "trustStorePassword", LoopbackTls.PASSWORD,
                        // generous: the first TLS handshake in a JVM on a loaded machine can take seconds
                        "connectTimeoutMillis", "20000", "requestTimeoutMillis", "20000"))
                .withRenderer(m -> RenderResult.of(Map.of(RenderResult.Rendered.TITLE, TITLE,
                        RenderResult.Rendered.TEXT, TEXT))),
                () -> LoopbackFcm.ACCESS_TOKEN);
        message = Message.newBuilder().id("bench-1").idempotencyKey(KEY)
                .recipient(new Address.PushToken(DEVICE, Address.PushToken.Platform.ANDROID)).templateId("winback")
                .locale(Locale.ENGLISH).purpose(Purpose.MARKETING).metadata("campaign", "winback-2026-11")
                .metadata("deepLink", "shop://offers/BACK10").variable("name", new Variable.Text("Ada")).build();
        pooled = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NEVER).build();
        prepared = requestBody();

        // What arrives must be the notification, over HTTP/2: otherwise the scores below measure 400s.
        expectAccepted(adapter.send(message));
        pooledClientPreparedRequest();
        newClientPerMessage();
        if (fcm.taken() != 3 || fcm.refused() != 0) {
            throw new IllegalStateException("the FCM stand-in took " + fcm.taken() + " and refused " + fcm.refused()
                    + " of 3 requests");
        }
        fcm.forgetConnections();
    }

    private void expectAccepted(SendResult result) {
        if (!(result instanceof SendResult.Accepted accepted) || !accepted.providerId().startsWith("projects/")) {
            throw new IllegalStateException("not accepted: " + result);
        }
        sent.increment();
    }

    @TearDown(Level.Iteration)
    public void checkReceived() {
        if (fcm.taken() != sent.sum() || fcm.refused() != 0) {
            throw new IllegalStateException("sent " + sent.sum() + " notifications but the FCM stand-in took "
                    + fcm.taken() + " and refused " + fcm.refused());
        }
        System.out.println("[push] " + fcm.taken() + " notifications taken so far; this iteration's arrived on "
                + fcm.connections() + " connection(s)");
        fcm.forgetConnections();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        adapter.close();
        fcm.close();
        tls.close();
    }

    @Benchmark
    @Threads(1)
    public SendResult adapterSend() {
        SendResult result = adapter.send(message);
        expectAccepted(result);
        return result;
    }

    @Benchmark
    @Threads(4)
    public SendResult adapterSend4Threads() {
        SendResult result = adapter.send(message);
        expectAccepted(result);
        return result;
    }

    @Benchmark
    @Threads(1)
    public String pooledClientPreparedRequest() throws IOException, InterruptedException {
        return expect200(pooled.send(prepared, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    @Benchmark
    @Threads(1)
    public String newClientPerMessage() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NEVER).build();
        return expect200(client.send(requestBody(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    private String expect200(HttpResponse<String> response) {
        if (response.statusCode() != 200 || response.version() != HttpClient.Version.HTTP_2) {
            throw new IllegalStateException("http " + response.statusCode() + " over " + response.version() + ": "
                    + response.body());
        }
        sent.increment();
        return response.body();
    }

    /** A copy of what {@code FcmPushAdapter.doSend} builds before it sends; keep the two alike. */
    @Benchmark
    @Threads(1)
    public HttpRequest requestBody() {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode notification = payload.putObject("notification");
        notification.put("title", TITLE);
        notification.put("body", TEXT);
        ObjectNode data = payload.putObject("data");
        message.metadata().forEach(data::put);
        data.put("recall_message_id", message.id());
        data.put("recall_idempotency_key", message.idempotencyKey());
        int size = payload.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > FcmPushAdapter.MAX_PAYLOAD_BYTES) {
            throw new IllegalStateException("payload of " + size + " bytes");
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode fcmMessage = body.putObject("message");
        fcmMessage.put("token", ((Address.PushToken) message.recipient()).token());
        fcmMessage.setAll(payload);
        return HttpRequest.newBuilder(sendUri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + LoopbackFcm.ACCESS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    /** What the adapter does with a 200 answer: parse it, take the message name. */
    @Benchmark
    @Threads(1)
    public String readAnswer() {
        JsonNode json = HttpSupport.json(ANSWER);
        return json.path("name").asText("");
    }
}
