package io.recall.benchmarks;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import io.recall.examples.sms.SmppSmsAdapter;
import io.recall.examples.sms.internal.Segmenter;
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

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SMS submits per second over one SMPP transceiver bind to a jSMPP SMSC on loopback, through the reference
 * {@link SmppSmsAdapter}: {@code submitSync} has one send outstanding at a time (each {@code submit_sm} waits for
 * its {@code submit_sm_resp}); {@code submitWindow8} has eight threads sending at once on the same bind, which is
 * how the adapter gets an SMPP window (jSMPP matches responses to requests by sequence number). The adapter's own
 * overhead, without the network, is measured apart: rendering the message is the host's, so {@code segment*} times
 * choosing the alphabet, cutting and encoding a text (a 150-character GSM-7 text, a 2-part Chinese text).
 *
 * <p>The SMSC answers at once, so the figures are the client's and the loopback's cost, an upper bound for a real
 * SMSC, whose own throttle (often 50-500 submits/s per bind) usually decides.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar SmppSubmitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SmppSubmitBenchmark {

    private static final String GSM_TEXT = "Hi Ada, we miss you! Here is 10% off your next order with code BACK10 "
            + "until Sunday. Shop now at example.com/back - reply STOP to opt out.";
    private static final String CHINESE_TEXT = "亲爱的会员，我们想念您！送您一张满200减30元的优惠券，本周日前有效，"
            + "快来看看为您挑选的新品吧。回复退订取消订阅。亲爱的会员，期待您的光临。";

    private LoopbackSmsc smsc;
    private SmppSmsAdapter adapter;
    private Message message;

    @Setup(Level.Trial)
    public void start() throws Exception {
        smsc = new LoopbackSmsc();
        adapter = new SmppSmsAdapter(AdapterContext.defaults()
                .withSettings(Map.of("host", "127.0.0.1", "port", String.valueOf(smsc.port()), "systemId", "bench",
                        "sourceAddress", "10690000", "responseTimeoutMillis", "5000"))
                .withRenderer(m -> RenderResult.of(Map.of(RenderResult.Rendered.TEXT, GSM_TEXT))));
        message = Message.newBuilder().id("bench-1").idempotencyKey("bench-1")
                .recipient(new Address.Phone("+447700900123")).templateId("winback").locale(Locale.ENGLISH)
                .purpose(Purpose.MARKETING).variable("name", new Variable.Text("Ada")).build();
        SendResult first = adapter.send(message);
        if (!(first instanceof SendResult.Accepted)) {
            throw new IllegalStateException("the loopback SMSC did not accept: " + first);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        adapter.close();
        smsc.close();
    }

    /** One submit_sm at a time over the bind. */
    @Benchmark
    @Threads(1)
    public SendResult submitSync() {
        return adapter.send(message);
    }

    /** Eight submit_sm outstanding at once over the same bind. */
    @Benchmark
    @Threads(8)
    public SendResult submitWindow8() {
        return adapter.send(message);
    }

    /** The adapter's own work for a one-part GSM-7 text: alphabet, septets, encoding. */
    @Benchmark
    @Threads(1)
    public Segmenter.Segmented segmentGsm7() {
        return Segmenter.segment(GSM_TEXT, 7);
    }

    /** The adapter's own work for a two-part UCS-2 text: alphabet, cutting, UDH, encoding. */
    @Benchmark
    @Threads(1)
    public Segmenter.Segmented segmentChinese() {
        return Segmenter.segment(CHINESE_TEXT, 7);
    }
}
