package io.recall.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import io.recall.examples.webhook.Verification;
import io.recall.examples.webhook.WebhookAdapter;
import io.recall.examples.webhook.WebhookSecret;
import io.recall.examples.webhook.WebhookSigner;
import io.recall.examples.webhook.WebhookVerifier;
import io.recall.examples.webhook.internal.WebhookPayload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Webhooks per second from the reference {@link WebhookAdapter} (Standard Webhooks: JSON body, HMAC-SHA256
 * signature) to a receiver on loopback that verifies every request with the project's {@link WebhookVerifier}, and
 * the adapter's own cost per webhook without the network.
 *
 * <ul>
 *   <li>{@code adapterSend}, {@code adapterSend4Threads}: {@code WebhookAdapter.send} of a win-back message (seven
 *       typed variables, about 1 KB of JSON) from one thread, and from four threads sharing the adapter (it is
 *       thread-safe; its one {@code HttpClient} keeps a pool of HTTP/1.1 connections).</li>
 *   <li>{@code newClientPerMessage}: the naive baseline: the same JSON body and signature, POSTed by a new
 *       {@code HttpClient} per webhook, so a new connection (and TLS handshake) each time.</li>
 *   <li>{@code payloadJson}, {@code signHmacSha256}: the adapter's own overhead, without the network: building the
 *       JSON body ({@code WebhookPayload.of}) and the {@code webhook-signature} header ({@code WebhookSigner.sign}).
 *       {@code verifyHmacSha256} is the receiving host's cost per webhook with {@code WebhookVerifier}.</li>
 * </ul>
 * The sends run against each {@code scheme} ({@code http}, as the adapter's own tests; {@code https}, as real
 * endpoints, with a throwaway certificate made the fork's default trust, since the adapter has no trust setting) and
 * each {@code answer} ({@code none}: 204 No Content; {@code json}: 200 with a small JSON body, which the adapter never
 * reads). Every iteration checks that the receiver verified exactly as many webhooks as were sent and rejected none,
 * and prints how many connections they arrived on.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar WebhookSendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class WebhookSendBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FIXED = Instant.parse("2026-11-24T12:00:00Z");
    private static final WebhookSecret SECRET =
            WebhookSecret.of("recall-benchmark-webhook-secret-32b".getBytes(StandardCharsets.UTF_8));

    private final WebhookSigner signer = WebhookSigner.of(SECRET);
    private final WebhookVerifier verifier = WebhookVerifier.of(List.of(SECRET), Duration.ofDays(3650),
            Clock.systemUTC());
    private final Message message = winback(URI.create("https://hooks.example.test/recall"));
    private byte[] fixedBody;
    private String fixedSignature;

    @Setup(Level.Trial)
    public void signOnce() {
        fixedBody = WebhookPayload.of("recall.message", message, Optional.empty(), FIXED);
        fixedSignature = signer.sign(message.idempotencyKey(), FIXED.getEpochSecond(), fixedBody);
        if (!verifyHmacSha256().verified()) {
            throw new IllegalStateException("the signature does not verify");
        }
    }

    /** The receiver on loopback and the adapter sending to it. */
    @State(Scope.Benchmark)
    public static class Endpoint {

        /** {@code http} or {@code https}. */
        @Param({"http", "https"})
        public String scheme;

        /** What the receiver answers: {@code none} is 204 No Content, {@code json} a 200 with a small JSON body. */
        @Param({"none", "json"})
        public String answer;

        private LoopbackTls tls;
        private LoopbackWebhookEndpoint receiver;
        private WebhookAdapter adapter;
        private WebhookSigner signer;
        private Message message;
        private final LongAdder sent = new LongAdder();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Optional<SSLContext> serverTls = Optional.empty();
            if (scheme.equals("https")) {
                tls = LoopbackTls.create();
                serverTls = Optional.of(tls.serverContext());
                // The adapter's HttpClient trusts the JVM's default context, taken when it is built.
                SSLContext.setDefault(tls.clientContext());
            }
            receiver = new LoopbackWebhookEndpoint(SECRET, serverTls, answer.equals("none") ? "" : "{\"received\":true}");
            adapter = WebhookAdapter.create(AdapterContext.defaults().withSettings(Map.of("secrets", SECRET.encoded(),
                    // generous: the first TLS handshake in a JVM on a loaded machine can take seconds
                    "connectTimeoutMillis", "20000", "requestTimeoutMillis", "20000")));
            signer = WebhookSigner.of(SECRET);
            message = winback(receiver.endpoint());

            // What arrives must be the message, signed: otherwise the scores below measure 401s.
            expectAccepted(adapter.send(message));
            newClient();
            if (receiver.verified() != 2 || receiver.rejected() != 0
                    || !receiver.lastId().equals(message.idempotencyKey())) {
                throw new IllegalStateException("the receiver verified " + receiver.verified() + " and rejected "
                        + receiver.rejected() + " of 2 webhooks");
            }
            JsonNode data = JSON.readTree(receiver.lastBody()).path("data");
            if (!data.path("messageId").asText().equals(message.id())
                    || !data.path("variables").path("couponCode").path("value").asText().equals("BACK20-7KQ")
                    || data.path("variables").path("items").path("value").size() != 2) {
                throw new IllegalStateException("the receiver got another body: " + data);
            }
            receiver.forgetConnections();
        }

        private SendResult send() {
            SendResult result = adapter.send(message);
            expectAccepted(result);
            return result;
        }

        private void expectAccepted(SendResult result) {
            if (!(result instanceof SendResult.Accepted)) {
                throw new IllegalStateException("not accepted: " + result);
            }
            sent.increment();
        }

        /** The same body and signature as the adapter's, sent by a client made for this one webhook. */
        private int newClient() throws IOException, InterruptedException {
            Instant now = Instant.now();
            byte[] body = WebhookPayload.of("recall.message", message, Optional.empty(), now);
            String id = message.idempotencyKey();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(receiver.endpoint())
                    .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                    .header(WebhookSigner.ID_HEADER, id)
                    .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
                    .header(WebhookSigner.SIGNATURE_HEADER, signer.sign(id, now.getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("http " + response.statusCode());
            }
            sent.increment();
            return response.statusCode();
        }

        @TearDown(Level.Iteration)
        public void checkReceived() {
            if (receiver.verified() != sent.sum() || receiver.rejected() != 0) {
                throw new IllegalStateException("sent " + sent.sum() + " webhooks but the receiver verified "
                        + receiver.verified() + " and rejected " + receiver.rejected());
            }
            System.out.println("[webhook] " + receiver.verified() + " webhooks verified so far; this iteration's"
                    + " arrived on " + receiver.connections() + " connection(s)");
            receiver.forgetConnections();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            adapter.close();
            receiver.close();
            if (tls != null) {
                tls.close();
            }
        }
    }

    @Benchmark
    @Threads(1)
    public SendResult adapterSend(Endpoint endpoint) {
        return endpoint.send();
    }

    @Benchmark
    @Threads(4)
    public SendResult adapterSend4Threads(Endpoint endpoint) {
        return endpoint.send();
    }

    @Benchmark
    @Threads(1)
    public int newClientPerMessage(Endpoint endpoint) throws IOException, InterruptedException {
        return endpoint.newClient();
    }

    @Benchmark
    @Threads(1)
    public byte[] payloadJson() {
        return WebhookPayload.of("recall.message", message, Optional.empty(), FIXED);
    }

    @Benchmark
    @Threads(1)
    public String signHmacSha256() {
        return signer.sign(message.idempotencyKey(), FIXED.getEpochSecond(), fixedBody);
    }

    @Benchmark
    @Threads(1)
    public Verification verifyHmacSha256() {
        return verifier.verify(Optional.of(message.idempotencyKey()), Optional.of(Long.toString(FIXED.getEpochSecond())),
                Optional.of(fixedSignature), fixedBody);
    }

    private static Message winback(URI endpoint) {
        return Message.newBuilder().id("msg-7KQ").idempotencyKey("winback-2026-11-c0042")
                .recipient(new Address.Webhook(endpoint)).templateId("winback").locale(Locale.SIMPLIFIED_CHINESE)
                .purpose(Purpose.MARKETING).metadata("campaign", "winback-2026-11")
                .variable("firstName", new Variable.Text("欧阳娜娜"))
                .variable("hasCoupon", new Variable.Flag(true))
                .variable("couponCode", new Variable.Text("BACK20-7KQ"))
                .variable("expiresOn", new Variable.Date(LocalDate.of(2026, 12, 31)))
                .variable("offerUrl", new Variable.Link(URI.create("https://shop.test/o/7KQ")))
                .variable("credit", new Variable.Money(new BigDecimal("20.00"), Currency.getInstance("CNY")))
                .variable("items", new Variable.Items(List.of(
                        Map.of("name", new Variable.Text("茶具套装"), "price",
                                new Variable.Money(new BigDecimal("188.00"), Currency.getInstance("CNY"))),
                        Map.of("name", new Variable.Text("绿茶 250g"), "price",
                                new Variable.Money(new BigDecimal("68.00"), Currency.getInstance("CNY"))))))
                .build();
    }
}
