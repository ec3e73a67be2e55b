package io.recall.benchmarks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.channels.TemplateRenderer;
import io.recall.channels.Variable;
import io.recall.examples.email.SmtpAdapter;
import io.recall.examples.email.internal.MimeComposer;
import io.recall.examples.templates.MustacheTemplateRenderer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * E-mails per second over SMTP to GreenMail on loopback, and the adapter's own cost per e-mail.
 *
 * <ul>
 *   <li>{@code adapterReusingConnection}: {@code SmtpAdapter.send} of a rendered win-back e-mail (zh-CN, text and
 *       HTML, about 3 KB) over its one kept-open connection: MAIL, RCPT, DATA per message.</li>
 *   <li>{@code transportSendNewConnection}: the naive baseline, Jakarta Mail's {@code Transport.send} of the same
 *       MIME message, which connects, greets, sends and quits for every message.</li>
 *   <li>{@code renderTemplate}: the adapter's own overhead, part one: {@code MustacheTemplateRenderer.render}.</li>
 *   <li>{@code composeMime}: part two: building the MIME message (Message-ID, RFC 2047 subject, multipart,
 *       List-Unsubscribe) and writing it out as it would go on the wire, without sending.</li>
 * </ul>
 * GreenMail keeps every message in memory, so its mailboxes are emptied after each iteration. GreenMail's own
 * cost (parsing and storing each message) is part of both SMTP scores.
 *
 * <p>Run from the project root:
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar SmtpSendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SmtpSendBenchmark {

    private GreenMail greenMail;
    private SmtpAdapter adapter;
    private Session session;
    private MustacheTemplateRenderer renderer;
    private MimeComposer composer;
    private RenderResult.Rendered rendered;
    private MimeMessage prepared;
    private Map<String, Variable> variables;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws MessagingException {
        ServerSetup smtp = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP.createCopy("127.0.0.1")})[0];
        smtp.setServerStartupTimeout(20_000);
        greenMail = new GreenMail(smtp);
        greenMail.start();
        int port = greenMail.getSmtp().getPort();
        renderer = MustacheTemplateRenderer.fromClasspath(MustacheTemplateRenderer.EXAMPLES);
        variables = winbackVariables();
        Map<String, String> settings = Map.of("host", "127.0.0.1", "port", String.valueOf(port), "security", "none",
                "from", "Recall Shop <news@shop.test>", "unsubscribeMailto", "unsubscribe@shop.test");
        TemplateRenderer cached = message -> rendered;   // send measures SMTP and MIME, not Mustache
        adapter = SmtpAdapter.create(AdapterContext.defaults().withSettings(settings).withRenderer(cached));
        rendered = renderer.render(message()).rendered().orElseThrow();
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.localhost", "shop.test");
        session = Session.getInstance(props);
        composer = new MimeComposer(session, new InternetAddress("Recall Shop <news@shop.test>"), Optional.empty(),
                "shop.test", Optional.of("unsubscribe@shop.test"), "unsubscribeUrl", true, Clock.systemUTC());
        prepared = compose();
    }

    @TearDown(Level.Iteration)
    public void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        adapter.close();
        greenMail.stop();
    }

    private Message message() {
        long n = ++sequence;
        return Message.newBuilder().id("bench-" + n).idempotencyKey("bench-" + n)
                .recipient(new Address.Email("customer-" + (n % 1000) + "@example.test")).templateId("winback")
                .locale(Locale.SIMPLIFIED_CHINESE).purpose(Purpose.MARKETING).variables(variables).build();
    }

    private MimeMessage compose() {
        try {
            return composer.compose(message(), rendered);
        } catch (MimeComposer.Unsendable e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public SendResult adapterReusingConnection() {
        SendResult result = adapter.send(message());
        if (!(result instanceof SendResult.Accepted)) {
            throw new IllegalStateException("not accepted: " + result);
        }
        return result;
    }

    @Benchmark
    public MimeMessage transportSendNewConnection() throws MessagingException {
        Transport.send(prepared);
        return prepared;
    }

    @Benchmark
    public RenderResult renderTemplate() {
        return renderer.render(message());
    }

    @Benchmark
    public long composeMime() throws IOException, MessagingException {
        CountingStream out = new CountingStream();
        compose().writeTo(out);
        return out.count;
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static Map<String, Variable> winbackVariables() {
        Map<String, Variable> v = new HashMap<>();
        v.put("firstName", new Variable.Text("欧阳娜娜"));
        v.put("hasCoupon", new Variable.Flag(true));
        v.put("couponCode", new Variable.Text("BACK20-7KQ"));
        v.put("discount", new Variable.Text("20%"));
        v.put("expiresOn", new Variable.Date(LocalDate.of(2026, 12, 31)));
        v.put("offerUrl", new Variable.Link(URI.create("https://shop.test/o/7KQ")));
        v.put("unsubscribeUrl", new Variable.Link(URI.create("https://shop.test/u/Zx9")));
        v.put("items", new Variable.Items(List.of(
                Map.of("name", new Variable.Text("茶具套装"), "price",
                        new Variable.Money(new BigDecimal("188.00"), Currency.getInstance("CNY")),
                        "url", new Variable.Link(URI.create("https://shop.test/p/1"))),
                Map.of("name", new Variable.Text("绿茶 250g"), "price",
                        new Variable.Money(new BigDecimal("68.00"), Currency.getInstance("CNY")),
                        "url", new Variable.Link(URI.create("https://shop.test/p/2"))))));
        return v;
    }
}
