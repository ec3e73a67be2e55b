package io.recall.channels.tck;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import io.recall.channels.tck.ProviderProbe.Behaviour;
import io.recall.channels.tck.ProviderProbe.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The channel contract as JUnit tests: extend this class in an adapter's tests, supply the adapter and a
 * {@link ProviderProbe}, and every rule below runs against them.
 *
 * <pre>{@code
 * class ReferenceAdapterTest extends ChannelAdapterVerification {
 *     @Override
 *     protected ProviderProbe createProbe() {
 *         return InMemoryProvider.full();
 *     }
 *
 *     @Override
 *     protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
 *         return new ReferenceAdapter((InMemoryProvider) probe, fullCapabilities(), context);
 *     }
 * }
 * }</pre>
 * (compiled and run as {@code ReferenceAdapterTest} in this module's tests; a real adapter's probe wraps its
 * loopback server, and {@code createAdapter} points the adapter at that server's port).
 *
 * <p>Each test gets a fresh probe ({@link #createProbe()}), then a fresh adapter
 * ({@link #createAdapter(AdapterContext, ProviderProbe)}) whose context carries the kit's event listener and
 * template renderer; both are closed after the test. Each message goes to a fresh recipient
 * ({@link #recipient(Channel, int)}).
 *
 * <p>Test names map to the rules: {@code required_rX_Y_...} applies to every adapter and fails when broken;
 * {@code optional_rX_Y_...} applies when a capability (of the adapter or the probe) is present and is skipped
 * through JUnit {@code Assumptions} when not. SHOULD rules fail too; an adapter that deliberately departs from
 * one overrides its method, without {@code @Test}, and says why in a comment. Each failure message starts with
 * the rule number and ends with what to check.
 *
 * <table>
 *   <caption>The channel contract</caption>
 *   <tr><th>rule</th><th>level</th><th>the adapter...</th></tr>
 *   <tr><td colspan="3"><b>1 Capabilities are true</b></td></tr>
 *   <tr><td>1.1</td><td>MUST</td><td>answers the same capabilities every time, and sends on every channel it declares</td></tr>
 *   <tr><td>1.2</td><td>MUST</td><td>answers Permanent (no suppression) for a message on an undeclared channel, without calling the provider</td></tr>
 *   <tr><td>1.3</td><td>MUST</td><td>never puts more than maxBatch messages in one provider request, whatever the batch size</td></tr>
 *   <tr><td>1.4</td><td>MUST if LOCAL</td><td>sends the text its TemplateRenderer rendered</td></tr>
 *   <tr><td>1.5</td><td>MUST if LOCAL</td><td>answers Permanent (no suppression) naming the problem when rendering fails, without calling the provider</td></tr>
 *   <tr><td>1.6</td><td>MUST if PROVIDER</td><td>sends the template id to the provider</td></tr>
 *   <tr><td colspan="3"><b>2 Idempotency</b></td></tr>
 *   <tr><td>2.1</td><td>MUST if providerDeduplicates</td><td>gets a message sent twice with one idempotency key delivered once, both sends Accepted</td></tr>
 *   <tr><td>2.2</td><td>MUST if providerDeduplicates</td><td>gets a message resent after a timeout delivered once</td></tr>
 *   <tr><td>2.3</td><td>SHOULD</td><td>passes the idempotency key to the provider, unchanged, where the protocol has room</td></tr>
 *   <tr><td>2.4</td><td>MUST</td><td>treats different idempotency keys as different messages, even with one recipient and one content</td></tr>
 *   <tr><td colspan="3"><b>3 Results are classified</b></td></tr>
 *   <tr><td>3.1</td><td>MUST</td><td>answers Accepted with the provider's id when the provider takes the message</td></tr>
 *   <tr><td>3.2</td><td>MUST</td><td>answers Retryable for a transient provider failure (5xx)</td></tr>
 *   <tr><td>3.3</td><td>MUST</td><td>answers Retryable for throttling (429), with the provider's retry-after when it gives one</td></tr>
 *   <tr><td>3.4</td><td>MUST</td><td>answers Permanent with suppressAddress for a rejected address</td></tr>
 *   <tr><td>3.5</td><td>SHOULD</td><td>answers Permanent without suppressAddress for rejected content</td></tr>
 *   <tr><td>3.6</td><td>MUST</td><td>answers Unknown, within maxSendDuration, when the response never comes after the request left</td></tr>
 *   <tr><td>3.7</td><td>MUST</td><td>answers Retryable when the provider cannot be reached (the request never left)</td></tr>
 *   <tr><td>3.8</td><td>MUST</td><td>never throws for a provider failure, in send or sendBatch</td></tr>
 *   <tr><td>3.9</td><td>MUST</td><td>answers one result per message of a batch, in the messages' order</td></tr>
 *   <tr><td colspan="3"><b>4 Delivery events</b></td></tr>
 *   <tr><td>4.1</td><td>MUST</td><td>reports each provider event as a DeliveryEvent of the right type</td></tr>
 *   <tr><td>4.2</td><td>MUST</td><td>names the message in each event correctly (key, provider id, recipient, channel)</td></tr>
 *   <tr><td>4.3</td><td>MUST</td><td>keeps reporting events after the listener threw</td></tr>
 *   <tr><td colspan="3"><b>5 Concurrency</b></td></tr>
 *   <tr><td>5.1</td><td>MUST</td><td>is safe under concurrent send and sendBatch: each message delivered once, all answered, in bounded time</td></tr>
 *   <tr><td colspan="3"><b>6 Misuse and lifecycle</b></td></tr>
 *   <tr><td>6.1</td><td>MUST</td><td>throws NullPointerException for a null message or list, before sending anything</td></tr>
 *   <tr><td>6.2</td><td>MUST</td><td>answers an empty list for an empty batch, without calling the provider</td></tr>
 *   <tr><td>6.3</td><td>MUST</td><td>closes idempotently, and then throws IllegalStateException on send without calling the provider</td></tr>
 * </table>
 * Rules 3.3, 3.5, 3.7 and 4.x also need the probe to support the behaviour or event; 2.3 needs it to see keys,
 * 1.4 and 1.6 to see content.
 */
public abstract class ChannelAdapterVerification {

    /** Time a call may take beyond the adapter's declared {@link Capabilities#maxSendDuration()}. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    /** A channel no adapter declares, for rule 1.2. */
    private static final Channel UNDECLARED = Channel.of("recall-tck-undeclared");
    /** Recipients are unique in the JVM, so tests sharing one probe never see each other's messages. */
    private static final AtomicInteger RECIPIENTS = new AtomicInteger();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private int messages;
    private ProviderProbe probe;
    private ChannelAdapter adapter;
    private Capabilities declared;
    private Channel channel;
    private RecordingListener events;
    private ExecutorService calls;

    // ---------------------------------------------------------------------------------------------------------
    // What the adapter author supplies

    /**
     * Creates the probe for one test (or resets and returns a shared one). Called before {@link #createAdapter}.
     *
     * @return the probe over the provider the adapter will talk to
     * @throws Exception if the provider stand-in cannot start
     */
    protected abstract ProviderProbe createProbe() throws Exception;

    /**
     * Creates the adapter under test, talking to the probe's provider.
     *
     * <p>Pass the context on (add settings with {@link AdapterContext#withSettings}): it carries the kit's event
     * listener and template renderer. Configure timeouts short, so rule 3.6 runs fast: the adapter's
     * {@link Capabilities#maxSendDuration()} bounds every call the kit makes.
     *
     * @param context the kit's listener and renderer, no settings, the UTC system clock
     * @param probe   the probe {@link #createProbe()} just returned
     * @return the adapter
     * @throws Exception if it cannot be created
     */
    protected abstract ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) throws Exception;

    /**
     * A recipient on {@code channel} the probe's provider accepts, different for every {@code n}.
     *
     * <p>The default covers e-mail ({@code tck-n@recall-tck.test}), SMS ({@code +1555...}), push, call-back lists
     * and ad audiences; override it for webhooks (an endpoint on the probe's server) and custom channels.
     *
     * @param channel a declared channel
     * @param n       a number unique in the JVM
     * @return an address whose {@link Address#channel()} is {@code channel}
     */
    protected Address recipient(Channel channel, int n) {
        Address.Phone phone = new Address.Phone(String.format(Locale.ROOT, "+1555%07d", n % 10_000_000));
        Address.Email email = new Address.Email("tck-" + n + "@recall-tck.test");
        if (channel.equals(Channel.EMAIL)) {
            return email;
        } else if (channel.equals(Channel.SMS)) {
            return phone;
        } else if (channel.equals(Channel.PUSH)) {
            return new Address.PushToken("recall-tck-token-" + n, Address.PushToken.Platform.ANDROID);
        } else if (channel.equals(Channel.CALLBACK_LIST)) {
            return new Address.CallbackEntry(phone, ZoneOffset.UTC);
        } else if (channel.equals(Channel.AD_AUDIENCE)) {
            return new Address.AudienceMember(Optional.of(email), Optional.of(phone));
        }
        return fail("TCK setup: override recipient(Channel, int) to give addresses on channel '" + channel
                + "' that the probe's provider accepts; the kit has no default for it");
    }

    /**
     * The channel most rules send on. Default: the first declared built-in channel by id, else the first by id.
     *
     * @param capabilities what the adapter declared
     * @return one of the declared channels
     */
    protected Channel channelUnderTest(Capabilities capabilities) {
        return capabilities.channels().stream()
                .sorted(Comparator.comparing((Channel c) -> !c.isBuiltIn()).thenComparing(Channel::id))
                .findFirst().orElseThrow();
    }

    /**
     * How long to wait for a delivery event after {@link ProviderProbe#emit}. Default: 5 seconds.
     *
     * @return a positive duration
     */
    protected Duration eventTimeout() {
        return Duration.ofSeconds(5);
    }

    /**
     * How many threads send at once in rule 5.1. Default: 8.
     *
     * @return at least 2
     */
    protected int concurrentThreads() {
        return 8;
    }

    /**
     * How many messages each thread sends in rule 5.1. Default: 16.
     *
     * @return at least 1
     */
    protected int messagesPerThread() {
        return 16;
    }

    /**
     * How long rule 5.1 may take in all before the adapter counts as stuck. Default: 60 seconds.
     *
     * @return a positive duration
     */
    protected Duration concurrencyTimeout() {
        return Duration.ofSeconds(60);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Set-up, which also validates the knobs

    /**
     * Creates the probe and the adapter and checks what they declare.
     *
     * @throws Exception if the probe or adapter cannot be created
     */
    @BeforeEach
    public final void setUpVerification() throws Exception {
        calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recall-tck-call");
            t.setDaemon(true);
            return t;
        });
        events = new RecordingListener();
        probe = Objects.requireNonNull(createProbe(), "TCK setup: createProbe() returned null");
        Set<Behaviour> missing = EnumSet.copyOf(ProviderProbe.REQUIRED_BEHAVIOURS);
        missing.removeAll(Objects.requireNonNull(probe.behaviours(), "TCK setup: probe.behaviours() returned null"));
        if (!missing.isEmpty()) {
            fail("TCK setup: the probe must be able to inject " + ProviderProbe.REQUIRED_BEHAVIOURS
                    + " for the required rules, but lacks " + missing);
        }
        Objects.requireNonNull(probe.throttleRetryAfter(), "TCK setup: probe.throttleRetryAfter() returned null");
        Objects.requireNonNull(probe.emittableEvents(), "TCK setup: probe.emittableEvents() returned null");
        AdapterContext context = AdapterContext.defaults().withEvents(events).withRenderer(new KitRenderer());
        adapter = Objects.requireNonNull(createAdapter(context, probe), "TCK setup: createAdapter(...) returned null");
        declared = Objects.requireNonNull(adapter.capabilities(), "TCK setup: capabilities() returned null");
        channel = Objects.requireNonNull(channelUnderTest(declared), "TCK setup: channelUnderTest(...) returned null");
        if (!declared.serves(channel)) {
            fail("TCK setup: channelUnderTest(...) returned '" + channel + "', which the adapter does not declare: "
                    + declared.channels());
        }
        checkPositive(eventTimeout(), "eventTimeout()");
        checkPositive(concurrencyTimeout(), "concurrencyTimeout()");
        if (concurrentThreads() < 2 || messagesPerThread() < 1) {
            fail("TCK setup: concurrentThreads() must be at least 2 and messagesPerThread() at least 1, but were "
                    + concurrentThreads() + " and " + messagesPerThread());
        }
    }

    /** Closes the adapter, the probe and the kit's threads. */
    @AfterEach
    public final void tearDownVerification() {
        try {
            if (adapter != null) {
                adapter.close();
            }
        } finally {
            if (calls != null) {
                calls.shutdownNow();
            }
            if (probe != null) {
                probe.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1 Capabilities are true

    /**
     * Rule 1.1 (MUST): {@code capabilities()} answers the same value every time, and every declared channel
     * really sends (Accepted, and the provider holds the message once).
     *
     * <p>If this fails, check that the capabilities are built once (in the constructor, from the settings) and
     * declare only the channels the adapter can send on with this provider; for a channel without a default
     * recipient, that {@link #recipient(Channel, int)} is overridden.
     */
    @Test
    public void required_r1_1_capabilitiesAreStableAndEveryDeclaredChannelSends() {
        Capabilities again = adapter.capabilities();
        if (!declared.equals(again)) {
            violated("1.1", "capabilities() answered " + declared + " and then " + again,
                    "build the Capabilities once, in the constructor, and return that value");
        }
        for (Channel c : declared.channels().stream().sorted(Comparator.comparing(Channel::id))
                .collect(Collectors.toList())) {
            Address to = recipientOn(c);
            Message m = message(to);
            SendResult result = send("1.1", m);
            if (!(result instanceof SendResult.Accepted)) {
                violated("1.1", "a message on declared channel '" + c + "' to a recipient the provider accepts was"
                                + " answered " + result,
                        "that every channel in capabilities().channels() works with this provider; declare no others");
            }
            expectReceived("1.1", to, 1, "the message on declared channel '" + c + "' that was Accepted",
                    "that the adapter really hands messages on channel '" + c + "' to the provider");
        }
    }

    /**
     * Rule 1.2 (MUST): a message on a channel the adapter does not declare is answered
     * {@link SendResult.Permanent} without suppression (the address is not at fault), and the provider never
     * sees it.
     *
     * <p>If this fails, check the message's channel against {@code capabilities().channels()} before calling the
     * provider ({@code AbstractChannelAdapter} does).
     */
    @Test
    public void required_r1_2_undeclaredChannelIsPermanentAndNeverSent() {
        assumeFalse(declared.serves(UNDECLARED), "the adapter declares the kit's own test channel");
        int before = probe.received().size();
        Message m = message(new Address.Custom(UNDECLARED, "recall-tck-" + run));
        SendResult result = send("1.2", m);
        if (!(result instanceof SendResult.Permanent p) || p.suppressAddress()) {
            violated("1.2", "a message on channel '" + UNDECLARED + "', which the adapter does not declare, was"
                            + " answered " + result + "; expected Permanent with suppressAddress=false",
                    "compare message.channel() with capabilities().channels() before calling the provider");
        }
        if (probe.received().size() != before) {
            violated("1.2", "a message on undeclared channel '" + UNDECLARED + "' reached the provider",
                    "reject undeclared channels before calling the provider");
        }
    }

    /**
     * Rule 1.3 (MUST): {@code sendBatch} accepts a list longer than {@code maxBatch} and splits it so that no
     * provider request carries more than {@code maxBatch} messages; each message is Accepted and held once.
     *
     * <p>If this fails, check the chunking in {@code sendBatch} ({@code AbstractChannelAdapter} does it) and that
     * {@code maxBatch} is the provider's real limit, not a guess.
     */
    @Test
    public void required_r1_3_providerRequestsNeverExceedMaxBatch() {
        int max = declared.maxBatch();
        int n = max >= 50 ? max + 1 : 2 * max + 1;
        List<Address> recipients = freshRecipients(n);
        List<SendResult> results = sendBatch("1.3", messagesTo(recipients));
        expectAllAccepted("1.3", "a batch of " + n + " messages (maxBatch " + max + ")", results);
        Map<Long, Integer> perRequest = new LinkedHashMap<>();
        for (Address to : recipients) {
            for (Received r : expectReceived("1.3", to, 1, "a message of the batch", "that the batch reached the "
                    + "provider whole, each message once")) {
                perRequest.merge(r.request(), 1, Integer::sum);
            }
        }
        perRequest.forEach((request, size) -> {
            if (size > max) {
                violated("1.3", "provider request " + request + " carried " + size + " messages of a batch of " + n
                                + ", but capabilities().maxBatch() is " + max,
                        "split sendBatch's list into chunks of at most maxBatch (AbstractChannelAdapter does), and"
                                + " declare the provider's real limit");
            }
        });
    }

    /**
     * Rule 1.4 (MUST if rendering is LOCAL): the provider receives the text the context's
     * {@link io.recall.channels.TemplateRenderer} rendered. Skipped unless the adapter renders locally and the
     * probe sees content.
     *
     * <p>If this fails, check that the adapter renders with {@code context.renderer()} (not a renderer of its own
     * or none) and sends the parts its channel uses ({@code text}, and {@code subject}/{@code html} for e-mail).
     */
    @Test
    public void optional_r1_4_locallyRenderedTextReachesTheProvider() {
        assumeTrue(declared.rendering() == Capabilities.Rendering.LOCAL, "the adapter does not render locally");
        assumeTrue(probe.seesContent(), "the probe does not see message content");
        Address to = fresh();
        Message m = message(to);
        expectAccepted("1.4", m, send("1.4", m));
        String content = expectReceived("1.4", to, 1, "the Accepted message", "that the message reached the provider")
                .get(0).content().orElse("");
        String marker = KitRenderer.marker(firstName(m));
        if (!content.contains(marker)) {
            violated("1.4", "the provider received '" + abbreviate(content) + "', which lacks the rendered text '"
                            + marker + "'",
                    "send the parts that context().renderer() rendered (AbstractChannelAdapter passes them to doSend as"
                            + " Outgoing.content())");
        }
    }

    /**
     * Rule 1.5 (MUST if rendering is LOCAL): when the renderer reports a problem (here a missing variable), the
     * message is answered {@link SendResult.Permanent} without suppression, with a reason naming the problem,
     * and the provider never sees it.
     *
     * <p>If this fails, check that a {@code RenderResult.Failed} becomes {@code SendResult.permanent(failed.summary(),
     * false)} before the provider is called, and that no exception or half-rendered message escapes.
     */
    @Test
    public void optional_r1_5_renderFailureIsPermanentAndNeverSent() {
        assumeTrue(declared.rendering() == Capabilities.Rendering.LOCAL, "the adapter does not render locally");
        Address to = fresh();
        Message m = message(to).toBuilder().removeVariable(KitRenderer.VARIABLE).build();
        SendResult result = send("1.5", m);
        if (!(result instanceof SendResult.Permanent p) || p.suppressAddress()
                || !p.reason().contains(KitRenderer.VARIABLE)) {
            violated("1.5", "a message whose template lacks variable '" + KitRenderer.VARIABLE + "' was answered "
                            + result + "; expected Permanent, suppressAddress=false, with a reason naming '"
                            + KitRenderer.VARIABLE + "'",
                    "turn RenderResult.Failed into SendResult.permanent(failed.summary(), false)");
        }
        expectReceived("1.5", to, 0, "a message that could not be rendered",
                "that the adapter stops before calling the provider when rendering fails");
    }

    /**
     * Rule 1.6 (MUST if rendering is PROVIDER): the template id reaches the provider, which renders by it.
     * Skipped unless the adapter leaves rendering to the provider and the probe sees content.
     *
     * <p>If this fails, check that the adapter passes {@code message.templateId()} (mapped, if need be, to the
     * provider's own template reference) and the variables.
     */
    @Test
    public void optional_r1_6_templateIdReachesTheProvider() {
        assumeTrue(declared.rendering() == Capabilities.Rendering.PROVIDER,
                "the adapter does not leave rendering to the provider");
        assumeTrue(probe.seesContent(), "the probe does not see message content");
        Address to = fresh();
        Message m = message(to);
        expectAccepted("1.6", m, send("1.6", m));
        String content = expectReceived("1.6", to, 1, "the Accepted message", "that the message reached the provider")
                .get(0).content().orElse("");
        if (!content.contains(m.templateId())) {
            violated("1.6", "the provider received '" + abbreviate(content) + "', which lacks the template id '"
                    + m.templateId() + "'", "pass message.templateId() and the variables to the provider");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2 Idempotency

    /**
     * Rule 2.1 (MUST if the adapter declares {@code providerDeduplicates}): a message sent twice with one
     * idempotency key is held once by the provider, and both sends are Accepted. Skipped when the adapter
     * declares that its provider does not deduplicate.
     *
     * <p>If this fails, check that every request carries {@code message.idempotencyKey()} unchanged (an
     * {@code Idempotency-Key} header, a {@code Message-ID} derived from it), never a random per-attempt key, and
     * that the provider's "duplicate" answer maps to Accepted; or declare {@code providerDeduplicates=false}.
     */
    @Test
    public void optional_r2_1_sameIdempotencyKeyIsDeliveredOnce() {
        assumeTrue(declared.providerDeduplicates(), "the adapter declares that its provider does not deduplicate");
        Address to = fresh();
        Message m = message(to);
        SendResult first = send("2.1", m);
        SendResult second = send("2.1", m);
        if (!(first instanceof SendResult.Accepted) || !(second instanceof SendResult.Accepted)) {
            violated("2.1", "the same message sent twice was answered " + first + " and then " + second
                            + "; expected Accepted both times",
                    "map the provider's answer to a duplicate idempotency key to Accepted: it holds the message");
        }
        int held = receivedFor(to).size();
        if (held != 1) {
            violated("2.1", "the provider holds " + held + " copies of one message sent twice with idempotency key '"
                            + m.idempotencyKey() + "'; the adapter declares providerDeduplicates=true",
                    "send message.idempotencyKey() with every request, unchanged (never a per-attempt random key);"
                            + " or declare providerDeduplicates=false so the pipeline reconciles instead of resending");
        }
    }

    /**
     * Rule 2.2 (MUST if the adapter declares {@code providerDeduplicates}): after a send whose response timed
     * out (the provider got the message), resending the same message is Accepted and the provider still holds
     * it once. This is what lets the pipeline resend an {@link SendResult.Unknown}.
     *
     * <p>If this fails, check that the key sent on the retry is the very key sent the first time (derived from
     * the message, not from the attempt or the connection).
     */
    @Test
    public void optional_r2_2_resendAfterTimeoutIsDeliveredOnce() {
        assumeTrue(declared.providerDeduplicates(), "the adapter declares that its provider does not deduplicate");
        Address to = fresh();
        Message m = message(to);
        probe.inject(to, Behaviour.TIMEOUT_AFTER_SEND);
        send("2.2", m);
        probe.inject(to, Behaviour.ACCEPT);
        SendResult resent = send("2.2", m);
        if (!(resent instanceof SendResult.Accepted)) {
            violated("2.2", "resending a message after a timeout was answered " + resent + "; expected Accepted",
                    "map the provider's answer to a known idempotency key to Accepted");
        }
        int held = receivedFor(to).size();
        if (held != 1) {
            violated("2.2", "after a timeout and a resend of one message the provider holds " + held + " copies",
                    "send the same idempotency key on every attempt: message.idempotencyKey(), unchanged");
        }
    }

    /**
     * Rule 2.3 (SHOULD): the provider receives the message's idempotency key, unchanged, so an
     * {@link SendResult.Unknown} can be reconciled and duplicates recognised even where the provider does not
     * deduplicate. Skipped when the probe cannot see keys (the protocol has no room for one).
     *
     * <p>If this fails, check that {@code message.idempotencyKey()} goes into the request (header,
     * {@code Message-ID}, {@code webhook-id}, client reference) as it is, not hashed or regenerated.
     */
    @Test
    public void optional_r2_3_idempotencyKeyReachesTheProvider() {
        assumeTrue(probe.seesIdempotencyKeys(), "the probe cannot see idempotency keys");
        Address to = fresh();
        Message m = message(to);
        expectAccepted("2.3", m, send("2.3", m));
        Optional<String> seen = expectReceived("2.3", to, 1, "the Accepted message", "that the message reached the"
                + " provider").get(0).idempotencyKey();
        if (!seen.equals(Optional.of(m.idempotencyKey()))) {
            violated("2.3", "the provider received idempotency key " + seen.map(k -> "'" + k + "'").orElse("none")
                            + " for a message whose key is '" + m.idempotencyKey() + "'",
                    "pass message.idempotencyKey() to the provider unchanged, on every attempt");
        }
    }

    /**
     * Rule 2.4 (MUST): two messages to one recipient with the same content but different idempotency keys are
     * two messages: both Accepted, with different provider ids, both held.
     *
     * <p>If this fails, check that the adapter (or a cache in it) deduplicates only by idempotency key, never by
     * recipient, template or content.
     */
    @Test
    public void required_r2_4_differentIdempotencyKeysAreDifferentMessages() {
        Address to = fresh();
        Message first = message(to);
        Message second = first.toBuilder().id(first.id() + "-b").idempotencyKey(first.idempotencyKey() + "-b").build();
        SendResult a = send("2.4", first);
        SendResult b = send("2.4", second);
        if (!(a instanceof SendResult.Accepted x) || !(b instanceof SendResult.Accepted y)
                || x.providerId().equals(y.providerId())) {
            violated("2.4", "two messages with different idempotency keys to one recipient were answered " + a
                    + " and " + b + "; expected Accepted twice with different provider ids",
                    "deduplicate only by idempotency key");
            return;
        }
        expectReceived("2.4", to, 2, "two messages with different idempotency keys",
                "deduplicate only by idempotency key, never by recipient or content");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3 Results are classified

    /**
     * Rule 3.1 (MUST): when the provider takes a message, the answer is {@link SendResult.Accepted} with the
     * provider's id, and the provider holds the message once.
     *
     * <p>If this fails, check the success path: the status codes the provider answers with, and which field holds
     * its message id.
     */
    @Test
    public void required_r3_1_acceptedIsAcceptedWithTheProviderId() {
        Address to = fresh();
        Message m = message(to);
        expectAccepted("3.1", m, send("3.1", m));
        expectReceived("3.1", to, 1, "the Accepted message", "that Accepted is answered only once the provider "
                + "took the message, and that the adapter sends it once");
    }

    /**
     * Rule 3.2 (MUST): a transient provider failure (HTTP 5xx, SMTP 4xx) is answered {@link SendResult.Retryable}.
     *
     * <p>If this fails, check the mapping of server errors: Permanent would drop a message the provider would
     * take later, Unknown would hold it for reconciliation, and an exception breaks rule 3.8.
     */
    @Test
    public void required_r3_2_transientFailureIsRetryable() {
        SendResult result = sendWith("3.2", Behaviour.TRANSIENT_FAILURE);
        if (!(result instanceof SendResult.Retryable)) {
            violated("3.2", "a transient provider failure (5xx) was answered " + result + "; expected Retryable",
                    "map 5xx, SMTP 4xx and temporary protocol errors to SendResult.retryable(reason)");
        }
    }

    /**
     * Rule 3.3 (MUST): throttling (HTTP 429, SMPP throttled) is answered {@link SendResult.Retryable}, with the
     * wait the provider asked for, rounded up by at most a second, when it asked. Skipped when the probe cannot
     * throttle.
     *
     * <p>If this fails, check that {@code Retry-After} (seconds or an HTTP date) is read and passed to
     * {@code SendResult.retryable(reason, retryAfter)}.
     */
    @Test
    public void optional_r3_3_throttlingIsRetryableAfterTheProvidersWait() {
        assumeTrue(probe.behaviours().contains(Behaviour.THROTTLE), "the probe cannot throttle");
        SendResult result = sendWith("3.3", Behaviour.THROTTLE);
        if (!(result instanceof SendResult.Retryable retryable)) {
            violated("3.3", "throttling (429) was answered " + result + "; expected Retryable",
                    "map 429 and throttling errors to SendResult.retryable(reason, retryAfter)");
            return;
        }
        Optional<Duration> asked = probe.throttleRetryAfter();
        if (asked.isPresent()) {
            Duration wait = retryable.retryAfter().orElse(null);
            if (wait == null || wait.compareTo(asked.get()) < 0 || wait.compareTo(asked.get().plusSeconds(1)) > 0) {
                violated("3.3", "throttling with a retry-after of " + asked.get() + " was answered with retryAfter "
                                + retryable.retryAfter().map(Duration::toString).orElse("absent"),
                        "read the provider's Retry-After and pass it as retryAfter, never shorter than asked");
            }
        }
    }

    /**
     * Rule 3.4 (MUST): a provider's rejection of the address (no such user, invalid number, unregistered token)
     * is answered {@link SendResult.Permanent} with {@code suppressAddress} true.
     *
     * <p>If this fails, check the mapping of address errors (SMTP 550 5.1.1, an HTTP 4xx naming the recipient):
     * Retryable would retry a dead address for days, and without suppression the pipeline keeps sending to it.
     */
    @Test
    public void required_r3_4_rejectedAddressIsPermanentAndSuppressed() {
        SendResult result = sendWith("3.4", Behaviour.REJECT_ADDRESS);
        if (!(result instanceof SendResult.Permanent p) || !p.suppressAddress()) {
            violated("3.4", "a rejected address was answered " + result + "; expected Permanent with"
                            + " suppressAddress=true",
                    "map address errors to SendResult.permanent(reason, true)");
        }
    }

    /**
     * Rule 3.5 (SHOULD): a provider's rejection of this message's content (the address is fine) is answered
     * {@link SendResult.Permanent} with {@code suppressAddress} false. Skipped when the probe cannot reject
     * content.
     *
     * <p>If this fails, check that content and policy errors (SMTP 554 5.7.1, an HTTP 400 about the body) are
     * told apart from address errors: suppressing a good address loses the customer.
     */
    @Test
    public void optional_r3_5_rejectedContentIsPermanentWithoutSuppression() {
        assumeTrue(probe.behaviours().contains(Behaviour.REJECT_CONTENT), "the probe cannot reject content");
        SendResult result = sendWith("3.5", Behaviour.REJECT_CONTENT);
        if (!(result instanceof SendResult.Permanent p) || p.suppressAddress()) {
            violated("3.5", "rejected content was answered " + result + "; expected Permanent with"
                            + " suppressAddress=false",
                    "map content and policy errors to SendResult.permanent(reason, false)");
        }
    }

    /**
     * Rule 3.6 (MUST): when the request reached the provider but no answer came in time, the answer is
     * {@link SendResult.Unknown}, given within {@code maxSendDuration} (plus two seconds).
     *
     * <p>If this fails, check that read and response timeouts ({@code SocketTimeoutException},
     * {@code HttpTimeoutException} after the body was written, a connection dropped after the data) map to
     * {@code SendResult.unknown(...)}: Permanent would fall back to another channel and reach the customer twice,
     * Retryable would resend blindly; and that the adapter's timeouts are below {@code maxSendDuration}.
     */
    @Test
    public void required_r3_6_timeoutAfterSendIsUnknown() {
        SendResult result = sendWith("3.6", Behaviour.TIMEOUT_AFTER_SEND);
        if (!(result instanceof SendResult.Unknown)) {
            violated("3.6", "a send whose response never came after the provider got the request was answered "
                            + result + "; expected Unknown (the provider may have the message)",
                    "map timeouts after the request was written to SendResult.unknown(reason); only failures before"
                            + " it left (connection refused) are Retryable");
        }
    }

    /**
     * Rule 3.7 (MUST): when the provider cannot be reached at all (connection refused: nothing left the
     * adapter), the answer is {@link SendResult.Retryable}. Skipped when the probe cannot refuse connections.
     *
     * <p>If this fails, check that connect failures are told apart from timeouts after sending: this one is safe
     * to retry.
     */
    @Test
    public void optional_r3_7_unreachableProviderIsRetryable() {
        assumeTrue(probe.behaviours().contains(Behaviour.UNAVAILABLE), "the probe cannot refuse connections");
        Address to = fresh();
        SendResult result = sendWith("3.7", to, Behaviour.UNAVAILABLE);
        if (!(result instanceof SendResult.Retryable)) {
            violated("3.7", "a provider refusing connections was answered " + result + "; expected Retryable",
                    "map connect failures (ConnectException, UnknownHostException) to SendResult.retryable(reason)");
        }
        expectReceived("3.7", to, 0, "a message sent while the provider refused connections",
                "the probe: UNAVAILABLE must not take messages");
    }

    /**
     * Rule 3.8 (MUST): no provider failure the probe can inject makes {@code send} or {@code sendBatch} throw;
     * each comes back as a result, one per message.
     *
     * <p>If this fails, check for an exception escaping the error path: a provider client's exception for a 5xx,
     * an unchecked wrapper around an {@code IOException}, a parse error on an error body. Catch them in the
     * adapter and classify them (see rules 3.2 to 3.7).
     */
    @Test
    public void required_r3_8_providerFailuresNeverEscapeAsExceptions() {
        List<String> escaped = new ArrayList<>();
        for (Behaviour behaviour : probe.behaviours().stream().sorted().collect(Collectors.toList())) {
            if (behaviour == Behaviour.ACCEPT) {
                continue;
            }
            Address one = fresh();
            probe.inject(one, behaviour);
            Outcome<SendResult> single = call(() -> adapter.send(message(one)), bound(1));
            if (single.thrown != null) {
                escaped.add("send with " + behaviour + " threw " + single.thrown);
            }
            Address a = fresh();
            Address b = fresh();
            probe.inject(a, behaviour);
            probe.inject(b, behaviour);
            Outcome<List<SendResult>> batch = call(() -> adapter.sendBatch(List.of(message(a), message(b))), bound(2));
            if (batch.thrown != null) {
                escaped.add("sendBatch with " + behaviour + " threw " + batch.thrown);
            } else if (batch.value != null && (batch.value.size() != 2 || batch.value.stream().anyMatch(Objects::isNull))) {
                escaped.add("sendBatch with " + behaviour + " answered " + batch.value + " for 2 messages");
            }
            if (single.timedOut || batch.timedOut) {
                escaped.add("a send with " + behaviour + " did not return within maxSendDuration + " + SLACK.toSeconds()
                        + " s");
            }
        }
        if (!escaped.isEmpty()) {
            violated("3.8", String.join("; ", escaped),
                    "catch the provider client's exceptions in the adapter and classify them as SendResults");
        }
    }

    /**
     * Rule 3.9 (MUST): a batch mixing accepted, rejected and failing messages is answered with one result per
     * message, in the order of the messages.
     *
     * <p>If this fails, check how the provider's batch response is matched back to the messages (by index or by
     * the recipient or key it echoes), and that one failure does not fail or reorder the others.
     */
    @Test
    public void required_r3_9_batchResultsFollowTheMessagesOrder() {
        List<Behaviour> plan = List.of(Behaviour.ACCEPT, Behaviour.REJECT_ADDRESS, Behaviour.ACCEPT,
                Behaviour.TRANSIENT_FAILURE, Behaviour.ACCEPT);
        List<SendResult.Kind> expected = List.of(SendResult.Kind.ACCEPTED, SendResult.Kind.PERMANENT,
                SendResult.Kind.ACCEPTED, SendResult.Kind.RETRYABLE, SendResult.Kind.ACCEPTED);
        List<Address> recipients = freshRecipients(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            probe.inject(recipients.get(i), plan.get(i));
        }
        List<SendResult> results = sendBatch("3.9", messagesTo(recipients));
        List<SendResult.Kind> kinds = results.stream().map(SendResult::kind).collect(Collectors.toList());
        if (!kinds.equals(expected)) {
            violated("3.9", "a batch whose provider behaviours were " + plan + " was answered " + kinds
                            + "; expected " + expected,
                    "match the provider's batch response to the messages in order, one result each");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4 Delivery events

    /**
     * Rule 4.1 (MUST): every event the provider reports about a sent message reaches the listener as a
     * {@link DeliveryEvent} of the right type, within {@link #eventTimeout()}. Skipped when the probe can emit
     * no events.
     *
     * <p>If this fails, check the mapping from the provider's notification kinds (webhook event names, DSN status
     * classes, delivery receipt states, inbound keywords) to {@link DeliveryEvent.Type}, and that every event goes
     * to {@code context.events()}.
     *
     * @throws InterruptedException if interrupted while waiting for events or senders
     */
    @Test
    public void optional_r4_1_providerEventsAreReportedWithTheRightType() throws InterruptedException {
        assumeFalse(probe.emittableEvents().isEmpty(), "the probe cannot make the provider report events");
        List<String> wrong = new ArrayList<>();
        for (DeliveryEvent.Type type : probe.emittableEvents().stream().sorted().collect(Collectors.toList())) {
            Address to = fresh();
            Message m = message(to);
            SendResult.Accepted accepted = expectAccepted("4.1", m, send("4.1", m));
            Received held = expectReceived("4.1", to, 1, "the Accepted message", "that the message reached the"
                    + " provider").get(0);
            probe.emit(type, held);
            Optional<DeliveryEvent> event = events.await(e -> concerns(e, m, accepted), eventTimeout());
            if (event.isEmpty()) {
                wrong.add(type + ": no event about the message within " + eventTimeout().toMillis() + " ms");
            } else if (event.get().type() != type) {
                wrong.add(type + ": reported as " + event.get().type());
            }
        }
        if (!wrong.isEmpty()) {
            violated("4.1", "provider events were not reported as they should be: " + String.join("; ", wrong),
                    "the mapping from the provider's notifications to DeliveryEvent.Type, and that each reaches"
                            + " context.events()");
        }
    }

    /**
     * Rule 4.2 (MUST): an event names its message correctly: every correlation it carries (idempotency key,
     * provider id, recipient) is the message's, and its channel is the message's. Skipped when the probe can emit
     * no events.
     *
     * <p>If this fails, check which id the provider echoes (its own message id, as returned at send time, or a
     * custom argument carrying the idempotency key) and that the adapter copies it unchanged.
     *
     * @throws InterruptedException if interrupted while waiting for events or senders
     */
    @Test
    public void optional_r4_2_eventsNameTheirMessageCorrectly() throws InterruptedException {
        assumeFalse(probe.emittableEvents().isEmpty(), "the probe cannot make the provider report events");
        DeliveryEvent.Type type = probe.emittableEvents().contains(DeliveryEvent.Type.DELIVERED)
                ? DeliveryEvent.Type.DELIVERED : probe.emittableEvents().stream().sorted().findFirst().orElseThrow();
        Address to = fresh();
        Message m = message(to);
        SendResult.Accepted accepted = expectAccepted("4.2", m, send("4.2", m));
        Received held = expectReceived("4.2", to, 1, "the Accepted message", "that the message reached the provider")
                .get(0);
        probe.emit(type, held);
        Optional<DeliveryEvent> any = events.await(e -> true, eventTimeout());
        if (any.isEmpty()) {
            violated("4.2", "no event arrived within " + eventTimeout().toMillis() + " ms after the provider reported "
                    + type, "that provider notifications reach context.events()");
            return;
        }
        DeliveryEvent e = any.get();
        List<String> wrong = new ArrayList<>();
        e.idempotencyKey().filter(k -> !k.equals(m.idempotencyKey()))
                .ifPresent(k -> wrong.add("idempotency key '" + k + "' instead of '" + m.idempotencyKey() + "'"));
        e.providerId().filter(p -> !p.equals(accepted.providerId()))
                .ifPresent(p -> wrong.add("provider id '" + p + "' instead of '" + accepted.providerId() + "'"));
        e.recipient().filter(r -> !r.equals(to)).ifPresent(r -> wrong.add("recipient " + r + " instead of " + to));
        if (!e.channel().equals(m.channel())) {
            wrong.add("channel '" + e.channel() + "' instead of '" + m.channel() + "'");
        }
        if (!wrong.isEmpty()) {
            violated("4.2", "the " + type + " event about a message names " + String.join(", ", wrong),
                    "copy the provider's message id (as Accepted returned it), the echoed idempotency key and the"
                            + " recipient into the event unchanged");
        }
    }

    /**
     * Rule 4.3 (MUST): a listener that throws does not stop the adapter: it still sends, and later events still
     * arrive. Skipped when the probe can emit no events.
     *
     * <p>If this fails, check that {@code DeliveryEventListener.onEvent} is called inside a try/catch
     * ({@code AbstractChannelAdapter.report} does), so the thread that receives provider callbacks survives.
     *
     * @throws InterruptedException if interrupted while waiting for events or senders
     */
    @Test
    public void optional_r4_3_aThrowingListenerDoesNotStopLaterEvents() throws InterruptedException {
        assumeFalse(probe.emittableEvents().isEmpty(), "the probe cannot make the provider report events");
        DeliveryEvent.Type type = probe.emittableEvents().stream().sorted().findFirst().orElseThrow();
        events.throwOnNextEvent();
        Address first = fresh();
        Message m1 = message(first);
        expectAccepted("4.3", m1, send("4.3", m1));
        probe.emit(type, expectReceived("4.3", first, 1, "the Accepted message", "that it reached the provider").get(0));
        if (!events.awaitCalls(1, eventTimeout())) {
            violated("4.3", "no event arrived within " + eventTimeout().toMillis() + " ms after the provider reported "
                    + type, "that provider notifications reach context.events() (rule 4.1)");
        }
        Address second = fresh();
        Message m2 = message(second);
        SendResult.Accepted accepted = expectAccepted("4.3", m2, send("4.3", m2));
        probe.emit(type, expectReceived("4.3", second, 1, "the Accepted message", "that it reached the provider").get(0));
        if (events.await(e -> concerns(e, m2, accepted), eventTimeout()).isEmpty()) {
            violated("4.3", "after the listener threw on one event, the next event never arrived",
                    "call DeliveryEventListener.onEvent inside a try/catch (AbstractChannelAdapter.report does) so"
                            + " the thread that receives provider callbacks survives");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5 Concurrency

    /**
     * Rule 5.1 (MUST): {@link #concurrentThreads()} threads each sending {@link #messagesPerThread()} messages at
     * once (half the threads one by one, half in batches) get every message Accepted with its own provider id,
     * and the provider holds each exactly once, all within {@link #concurrencyTimeout()}.
     *
     * <p>If this fails, check for shared mutable state: a request builder or buffer reused across calls, a
     * non-thread-safe client or connection used by two threads, unsynchronised maps, a lock held while waiting
     * for the provider.
     *
     * @throws InterruptedException if interrupted while waiting for events or senders
     */
    @Test
    public void required_r5_1_concurrentSendsAreSafeAndBounded() throws InterruptedException {
        int threads = concurrentThreads();
        int per = messagesPerThread();
        List<List<Message>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(messagesTo(freshRecipients(per)));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<SendResult>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Message> mine = work.get(t);
            boolean batches = t % 2 == 1;
            futures.add(calls.submit(() -> {
                start.await();
                List<SendResult> results = new ArrayList<>();
                if (batches) {
                    for (int from = 0; from < mine.size(); from += 4) {
                        results.addAll(adapter.sendBatch(mine.subList(from, Math.min(mine.size(), from + 4))));
                    }
                } else {
                    for (Message m : mine) {
                        results.add(adapter.send(m));
                    }
                }
                return results;
            }));
        }
        start.countDown();
        long deadline = System.nanoTime() + concurrencyTimeout().toNanos();
        List<String> problems = new ArrayList<>();
        Set<String> providerIds = new HashSet<>();
        int accepted = 0;
        int duplicateIds = 0;
        for (int t = 0; t < threads; t++) {
            List<SendResult> results;
            try {
                results = futures.get(t).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                futures.forEach(f -> f.cancel(true));
                violated("5.1", threads + " threads sending " + per + " messages each did not finish within "
                                + concurrencyTimeout().toSeconds() + " s",
                        "for a deadlock or a lock held while waiting for the provider");
                return;
            } catch (ExecutionException e) {
                problems.add("thread " + t + " threw " + e.getCause());
                continue;
            }
            if (results.size() != per) {
                problems.add("thread " + t + " got " + results.size() + " results for " + per + " messages");
            }
            for (SendResult r : results) {
                if (r instanceof SendResult.Accepted a) {
                    accepted++;
                    if (!providerIds.add(a.providerId())) {
                        duplicateIds++;
                    }
                } else if (problems.size() < 20) {
                    problems.add("a message was answered " + r);
                }
            }
        }
        int total = threads * per;
        if (accepted != total) {
            problems.add(0, accepted + " of " + total + " messages were Accepted");
        }
        if (duplicateIds > 0) {
            problems.add(duplicateIds + " provider ids were given to more than one message");
        }
        Map<Address, Integer> held = new LinkedHashMap<>();
        work.forEach(list -> list.forEach(m -> held.put(m.recipient(), 0)));
        for (Received r : probe.received()) {
            held.computeIfPresent(r.recipient(), (k, v) -> v + 1);
        }
        List<Address> none = held.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                .collect(Collectors.toList());
        List<Address> twice = held.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toList());
        if (!none.isEmpty()) {
            problems.add(none.size() + " recipients received nothing (e.g. " + none.get(0) + ")");
        }
        if (!twice.isEmpty()) {
            problems.add(twice.size() + " recipients received more than once (e.g. " + twice.get(0) + ")");
        }
        if (!problems.isEmpty()) {
            violated("5.1", total + " messages sent from " + threads + " threads at once: " + String.join("; ", problems),
                    "shared mutable state: a request or buffer reused across calls, a client or connection that is not"
                            + " thread-safe, unsynchronised maps");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 6 Misuse and lifecycle

    /**
     * Rule 6.1 (MUST): a null message, a null list, or a list holding a null is rejected with
     * {@link NullPointerException} before anything is sent.
     *
     * <p>If this fails, check that arguments are checked first ({@code Objects.requireNonNull},
     * {@code List.copyOf}), not halfway through a batch.
     */
    @Test
    public void required_r6_1_nullArgumentsAreRejectedBeforeSending() {
        Address to = fresh();
        Message m = message(to);
        List<String> wrong = new ArrayList<>();
        Outcome<SendResult> nullMessage = call(() -> adapter.send(null), bound(1));
        if (!(nullMessage.thrown instanceof NullPointerException)) {
            wrong.add("send(null) " + nullMessage.describe());
        }
        Outcome<List<SendResult>> nullList = call(() -> adapter.sendBatch(null), bound(1));
        if (!(nullList.thrown instanceof NullPointerException)) {
            wrong.add("sendBatch(null) " + nullList.describe());
        }
        Outcome<List<SendResult>> holdingNull = call(() -> adapter.sendBatch(Arrays.asList(m, null)), bound(2));
        if (!(holdingNull.thrown instanceof NullPointerException)) {
            wrong.add("sendBatch([message, null]) " + holdingNull.describe());
        }
        if (!receivedFor(to).isEmpty()) {
            wrong.add("the message before the null reached the provider");
        }
        if (!wrong.isEmpty()) {
            violated("6.1", String.join("; ", wrong) + "; expected NullPointerException before sending anything",
                    "check arguments first: Objects.requireNonNull(message), List.copyOf(messages)");
        }
    }

    /**
     * Rule 6.2 (MUST): an empty batch is answered with an empty list, and the provider is not called.
     *
     * <p>If this fails, check that {@code sendBatch} returns early for an empty list rather than sending an empty
     * provider request (which some providers answer with an error).
     */
    @Test
    public void required_r6_2_emptyBatchSendsNothing() {
        int before = probe.received().size();
        List<SendResult> results = sendBatch("6.2", List.of());
        if (!results.isEmpty() || probe.received().size() != before) {
            violated("6.2", "an empty batch was answered " + results + " and the provider went from " + before
                            + " to " + probe.received().size() + " messages",
                    "return List.of() for an empty list without calling the provider");
        }
    }

    /**
     * Rule 6.3 (MUST): {@code close()} can be called twice without throwing; after it, {@code send} throws
     * {@link IllegalStateException} and nothing reaches the provider.
     *
     * <p>If this fails, check for a closed flag checked at the start of {@code send} and {@code sendBatch}
     * ({@code AbstractChannelAdapter} has one), and that {@code close()} ignores a second call.
     */
    @Test
    public void required_r6_3_closeIsIdempotentAndLaterSendsAreRefused() {
        Outcome<Void> closing = call(() -> {
            adapter.close();
            adapter.close();
            return null;
        }, bound(1));
        if (closing.thrown != null || closing.timedOut) {
            violated("6.3", "closing the adapter twice " + closing.describe(), "make close() idempotent");
        }
        Address to = fresh();
        Outcome<SendResult> after = call(() -> adapter.send(message(to)), bound(1));
        if (!(after.thrown instanceof IllegalStateException)) {
            violated("6.3", "send after close() " + after.describe() + "; expected IllegalStateException",
                    "check a closed flag at the start of send and sendBatch");
        }
        expectReceived("6.3", to, 0, "a message sent after close()", "check a closed flag before calling the provider");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private static void checkPositive(Duration d, String knob) {
        if (d == null || d.isNegative() || d.isZero()) {
            fail("TCK setup: " + knob + " must be positive but was " + d);
        }
    }

    /** Fails with the rule number, what happened, and what to check. */
    private static void violated(String rule, String what, String check) {
        fail("Rule " + rule + " violated: " + what + ".\nIf this fails, check: " + check + ".");
    }

    private Address recipientOn(Channel c) {
        int n = RECIPIENTS.incrementAndGet();
        Address to = recipient(c, n);
        if (to == null || !to.channel().equals(c)) {
            fail("TCK setup: recipient(" + c + ", " + n + ") returned " + to + ", which is not an address on " + c);
        }
        return to;
    }

    private Address fresh() {
        return recipientOn(channel);
    }

    private List<Address> freshRecipients(int n) {
        List<Address> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(fresh());
        }
        if (new HashSet<>(list).size() != n) {
            fail("TCK setup: recipient(Channel, int) returned the same address for different numbers");
        }
        return list;
    }

    private Message message(Address to) {
        int n = ++messages;
        return Message.newBuilder().id("recall-tck-" + run + "-m" + n).idempotencyKey("recall-tck-" + run + "-k" + n)
                .recipient(to).templateId(KitRenderer.TEMPLATE).locale(Locale.ENGLISH).purpose(Purpose.SERVICE)
                .variable(KitRenderer.VARIABLE, new Variable.Text("Ada-" + run + "-" + n))
                .metadata("source", "recall-tck").build();
    }

    private List<Message> messagesTo(List<Address> recipients) {
        return recipients.stream().map(this::message).collect(Collectors.toList());
    }

    private static String abbreviate(String content) {
        String oneLine = content.replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    private static String firstName(Message m) {
        return ((Variable.Text) m.variables().get(KitRenderer.VARIABLE)).value();
    }

    private List<Received> receivedFor(Address to) {
        return probe.received().stream().filter(r -> r.recipient().equals(to)).collect(Collectors.toList());
    }

    /** Waits briefly for the provider to hold {@code count} messages for {@code to}, then requires exactly that. */
    private List<Received> expectReceived(String rule, Address to, int count, String what, String check) {
        long deadline = System.nanoTime() + (count == 0 ? 0 : eventTimeout().toNanos());
        List<Received> held = receivedFor(to);
        while (held.size() < count && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            held = receivedFor(to);
        }
        if (held.size() != count) {
            violated(rule, "the provider holds " + held.size() + " copies of " + what + " (to " + to + "); expected "
                    + count, check);
        }
        return held;
    }

    private SendResult.Accepted expectAccepted(String rule, Message m, SendResult result) {
        if (!(result instanceof SendResult.Accepted accepted)) {
            violated(rule, "a message the provider accepts (" + m.id() + ") was answered " + result
                    + "; expected Accepted", "the success path: which answers mean the provider took the message");
            throw new AssertionError("unreachable");
        }
        return accepted;
    }

    private void expectAllAccepted(String rule, String what, List<SendResult> results) {
        List<SendResult> other = results.stream().filter(r -> !(r instanceof SendResult.Accepted))
                .collect(Collectors.toList());
        if (!other.isEmpty()) {
            violated(rule, other.size() + " messages of " + what + " were not Accepted, e.g. " + other.get(0),
                    "that sendBatch accepts lists of any length and sends every message");
        }
    }

    private static boolean concerns(DeliveryEvent e, Message m, SendResult.Accepted accepted) {
        return e.idempotencyKey().filter(m.idempotencyKey()::equals).isPresent()
                || e.providerId().filter(accepted.providerId()::equals).isPresent()
                || e.recipient().filter(m.recipient()::equals).isPresent();
    }

    private SendResult sendWith(String rule, Behaviour behaviour) {
        return sendWith(rule, fresh(), behaviour);
    }

    private SendResult sendWith(String rule, Address to, Behaviour behaviour) {
        probe.inject(to, behaviour);
        return send(rule, message(to));
    }

    /** Sends one message with a bounded wait; an exception, a null or a hang fails the rule. */
    private SendResult send(String rule, Message m) {
        Outcome<SendResult> outcome = call(() -> adapter.send(m), bound(1));
        if (outcome.thrown != null || outcome.timedOut || outcome.value == null) {
            violated(rule, "send " + outcome.describe(),
                    outcome.timedOut ? "the adapter's connect and read timeouts: they must be below maxSendDuration"
                            : "that provider failures come back as a SendResult, never an exception (rule 3.8)");
        }
        return outcome.value;
    }

    private List<SendResult> sendBatch(String rule, List<Message> ms) {
        Outcome<List<SendResult>> outcome = call(() -> adapter.sendBatch(ms), bound(ms.size()));
        if (outcome.thrown != null || outcome.timedOut || outcome.value == null) {
            violated(rule, "sendBatch of " + ms.size() + " messages " + outcome.describe(),
                    outcome.timedOut ? "the adapter's timeouts: each provider request must end within maxSendDuration"
                            : "that provider failures come back as SendResults, never an exception (rule 3.8)");
        }
        if (outcome.value.size() != ms.size() || outcome.value.stream().anyMatch(Objects::isNull)) {
            violated(rule, "sendBatch of " + ms.size() + " messages answered " + outcome.value.size() + " results: "
                    + outcome.value, "that sendBatch answers one result per message, in order (rule 3.9)");
        }
        return outcome.value;
    }

    /** The longest a call sending {@code n} messages may take: one maxSendDuration per provider request. */
    private Duration bound(int n) {
        long requests = Math.max(1, (n + declared.maxBatch() - 1) / declared.maxBatch());
        return declared.maxSendDuration().multipliedBy(requests).plus(SLACK);
    }

    private <T> Outcome<T> call(Callable<T> task, Duration bound) {
        Future<T> future = calls.submit(task);
        try {
            return new Outcome<>(future.get(bound.toMillis(), TimeUnit.MILLISECONDS), null, false, bound);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause(), false, bound);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome<>(null, null, true, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for the adapter", e);
        }
    }

    /** What a bounded call to the adapter came to. */
    private static final class Outcome<T> {
        final T value;
        final Throwable thrown;
        final boolean timedOut;
        final Duration bound;

        Outcome(T value, Throwable thrown, boolean timedOut, Duration bound) {
            this.value = value;
            this.thrown = thrown;
            this.timedOut = timedOut;
            this.bound = bound;
        }

        String describe() {
            if (timedOut) {
                return "did not return within " + bound.toMillis() + " ms (maxSendDuration + " + SLACK.toSeconds() + " s)";
            }
            if (thrown != null) {
                return "threw " + thrown;
            }
            return "returned " + value;
        }
    }
}
