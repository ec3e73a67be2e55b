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
import io.recall.examples.sms.HttpSmsAdapter;
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
 * SMS per second through the reference {@link HttpSmsAdapter} (one JSON POST per message over HTTPS) to a gateway on
 * loopback ({@link LoopbackSmsGateway}, {@code com.sun.net.httpserver} with a throwaway certificate the adapter trusts
 * through its {@code trustStore} setting), and the adapter's own cost per message without the network.
 *
 * <ul>
 *   <li>{@code adapterSend}, {@code adapterSend4Threads}: {@code HttpSmsAdapter.send} from one thread, and from four
 *       sharing the adapter (thread-safe; one {@code HttpClient}, its pool keeps the TLS connections open).</li>
 *   <li>{@code pooledClientPreparedRequest}: the floor: one request built once, sent again and again on one
 *       {@code HttpClient} like the adapter's, its answer read as a string. What {@code adapterSend} costs more is
 *       the adapter's own work per message.</li>
 *   <li>{@code newClientPerMessage}: the naive baseline: a new {@code HttpClient}, so a new TCP connection and a full
 *       TLS handshake, per message.</li>
 *   <li>{@code requestBody}: the adapter's own work before the network, without it: the JSON body and the
 *       {@code HttpRequest}. {@code doSend} builds them inline, so this is a line-for-line copy of that code (see
 *       {@link #requestBody()}). {@code readAnswer}: its work after: parsing the answer with the adapter's
 *       {@code HttpSupport.json} and taking the id.</li>
 * </ul>
 * The gateway answers 202 only to exactly the expected request (bearer key, {@code to}, {@code text},
 * {@code reference} = {@code Idempotency-Key}); every iteration checks it took as many as were sent and refused
 * none, and prints how many connections they came on. The gateway answers at once, so the figures are an upper
 * bound: a real gateway's latency and rate limit decide in production.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar HttpSmsSendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class HttpSmsSendBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TO = "+447700900123";
    private static final String TEXT = "Hi Ada, we miss you! Here is 10% off your next order with code BACK10 "
            + "until Sunday. Shop now at example.com/back - reply STOP to opt out.";
    private static final String ANSWER = "{\"id\":\"gw-123456\",\"status\":\"queued\"}";

    private LoopbackTls tls;
    private SSLContext trusting;
    private LoopbackSmsGateway gateway;
    private HttpSmsAdapter adapter;
    private HttpClient pooled;
    private HttpRequest prepared;
    private URI endpoint;
    private Message message;
    private final LongAdder sent = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        tls = LoopbackTls.create();
        trusting = tls.clientContext();
        gateway = new LoopbackSmsGateway(tls.serverContext(), TO, TEXT);
        endpoint = URI.create(gateway.endpoint());
        adapter = new HttpSmsAdapter(AdapterContext.defaults()
                .withSettings(Map.of("endpoint", gateway.endpoint(), "apiKey", LoopbackSmsGateway.API_KEY,
                        "trustStore", tls.trustStore().toString(), "trustStorePassword", LoopbackTls.PASSWORD,
                        // generous: the first TLS handshake in a JVM on a loaded machine can take seconds
                        "connectTimeoutMillis", "20000", "requestTimeoutMillis", "20000"))
                .withRenderer(m -> RenderResult.of(Map.of(RenderResult.Rendered.TEXT, TEXT))));
        message = Message.newBuilder().id("bench-1").idempotencyKey("winback-2026-11-c0042")
                .recipient(new Address.Phone(TO)).templateId("winback").locale(Locale.ENGLISH)
                .purpose(Purpose.MARKETING).variable("name", new Variable.Text("Ada")).build();
        pooled = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        prepared = requestBody();

        // What arrives must be the SMS: otherwise the scores below measure 400s.
        expectAccepted(adapter.send(message));
        pooledClientPreparedRequest();
        newClientPerMessage();
        if (gateway.taken() != 3 || gateway.refused() != 0) {
            throw new IllegalStateException("the gateway took " + gateway.taken() + " and refused " + gateway.refused()
                    + " of 3 requests");
        }
        gateway.forgetConnections();
    }

    private void expectAccepted(SendResult result) {
        if (!(result instanceof SendResult.Accepted accepted) || !accepted.providerId().startsWith("gw-")) {
            throw new IllegalStateException("not accepted: " + result);
        }
        sent.increment();
    }

    @TearDown(Level.Iteration)
    public void checkReceived() {
        if (gateway.taken() != sent.sum() || gateway.refused() != 0) {
            throw new IllegalStateException("sent " + sent.sum() + " SMS but the gateway took " + gateway.taken()
                    + " and refused " + gateway.refused());
        }
        System.out.println("[http-sms] " + gateway.taken() + " SMS taken so far; this iteration's arrived on "
                + gateway.connections() + " connection(s)");
        gateway.forgetConnections();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        adapter.close();
        gateway.close();
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
        return expect202(pooled.send(prepared, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    @Benchmark
    @Threads(1)
    public String newClientPerMessage() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return expect202(client.send(requestBody(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    private String expect202(HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            throw new IllegalStateException("http " + response.statusCode() + ": " + response.body());
        }
        sent.increment();
        return response.body();
    }

    /** A copy of what {@code HttpSmsAdapter.doSend} builds before it sends; keep the two alike. */
    @Benchmark
    @Threads(1)
    public HttpRequest requestBody() {
        String key = message.idempotencyKey();
        ObjectNode body = JSON.createObjectNode();
        body.put("to", ((Address.Phone) message.recipient()).e164());
        body.put("text", TEXT);
        body.put("reference", key);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=utf-8").header("Accept", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        request.header("Authorization", "Bearer " + LoopbackSmsGateway.API_KEY);
        return request.build();
    }

    /** What the adapter does with a 2xx answer: parse it, take the id. */
    @Benchmark
    @Threads(1)
    public String readAnswer() {
        JsonNode json = HttpSupport.json(ANSWER);
        return json.path("id").asText("");
    }
}
