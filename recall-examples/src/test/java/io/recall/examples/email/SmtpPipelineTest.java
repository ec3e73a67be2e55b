package io.recall.examples.email;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.delivery.DeliveryEventHandler;
import io.recall.delivery.DeliveryEventStore;
import io.recall.delivery.DeliveryPipeline;
import io.recall.delivery.DeliveryPolicy;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboundMessage;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Suppression;
import io.recall.delivery.SuppressionStore;
import io.recall.examples.email.SmtpFaultProxy.Fault;
import io.recall.examples.email.internal.MessageIds;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery pipeline driving the SMTP adapter against GreenMail: retry, dead letter, unknown outcome, bounces. */
class SmtpPipelineTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final AtomicInteger RECIPIENTS = new AtomicInteger();

    private final LoopbackMail mail = LoopbackMail.shared();
    private final OutboxStore outbox = OutboxStore.inMemory();
    private final SuppressionStore suppressions = SuppressionStore.inMemory();
    private SmtpAdapter adapter;
    private DeliveryPipeline pipeline;

    @BeforeEach
    void setUp() {
        DeliveryEventHandler events = DeliveryEventHandler.of(DeliveryEventStore.inMemory(), suppressions, outbox);
        adapter = SmtpAdapter.create(AdapterContext.defaults().withSettings(mail.settingsWithBounces()).withEvents(events)
                .withRenderer(m -> RenderResult.of(Map.of("subject", "订单 " + m.id(), "text", "Thank you"))));
        pipeline = DeliveryPipeline.newBuilder().outbox(outbox).suppressions(suppressions).adapter(adapter)
                .policy(DeliveryPolicy.newBuilder().maxAttempts(3).backoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
                        .build()).build();
    }

    @AfterEach
    void tearDown() {
        adapter.close();
    }

    private String enqueue() {
        String to = "pipeline-" + RECIPIENTS.incrementAndGet() + "@example.test";
        Message m = Message.newBuilder().id("order-" + to).idempotencyKey("order-" + to).recipient(new Address.Email(to))
                .templateId("receipt").locale(Locale.CHINA).purpose(Purpose.SERVICE).build();
        assertTrue(pipeline.enqueue(OutboundMessage.of("c-" + to, ZoneId.of("Asia/Shanghai"), m), T0));
        return to;
    }

    private OutboxEntry entry(String to) {
        return outbox.find("order-" + to).orElseThrow();
    }

    @Test
    void aTemporaryRejectionIsRetriedAfterBackoffAndThenSent() {
        String to = enqueue();
        mail.proxy.fault(to, Fault.TEMPORARY);
        pipeline.dispatch(T0);
        OutboxEntry waiting = entry(to);
        assertEquals(DeliveryState.QUEUED, waiting.state());
        assertEquals(DeliveryReason.RETRY, waiting.reason());
        assertTrue(waiting.dueAt().isAfter(T0));
        mail.proxy.fault(to, null);
        pipeline.dispatch(waiting.dueAt());
        OutboxEntry sent = entry(to);
        assertEquals(DeliveryState.SENT, sent.state());
        assertEquals(1, mail.receivedBy(to).size());
        assertEquals(sent.providerId().orElseThrow(), messageId(mail.receivedBy(to).get(0)),
                "the outbox knows the message by its Message-ID, which bounce reports quote");
    }

    @Test
    void anUnknownMailboxIsDeadLetteredSuppressedAndNotTriedAgain() {
        String to = enqueue();
        mail.proxy.fault(to, Fault.REJECT_MAILBOX);
        pipeline.dispatch(T0);
        assertEquals(DeliveryState.DEAD_LETTERED, entry(to).state());
        assertTrue(suppressions.find(new Address.Email(to)).isPresent());
    }

    @Test
    void aConnectionDroppedAfterTheDataIsAnUnknownOutcomeThatIsNeverResent() {
        String to = enqueue();
        mail.proxy.fault(to, Fault.DROP_AFTER_DATA);
        pipeline.dispatch(T0);
        assertEquals(DeliveryState.UNKNOWN_OUTCOME, entry(to).state());
        mail.proxy.fault(to, null);
        pipeline.dispatch(T0.plus(Duration.ofHours(1)));
        assertEquals(1, mail.receivedBy(to).size(), "the server took it once; the pipeline did not send it again");
    }

    @Test
    void aHardBounceReportSuppressesTheAddress() throws InterruptedException {
        String to = enqueue();
        pipeline.dispatch(T0);
        OutboxEntry sent = entry(to);
        assertEquals(DeliveryState.SENT, sent.state());
        mail.deliverReport(LoopbackMail.resource("dsn-hard-bounce.eml",
                Map.of("recipient", to, "messageId", "<" + sent.providerId().orElseThrow() + ">")));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (suppressions.find(new Address.Email(to)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Suppression.Reason.HARD_BOUNCE, suppressions.find(new Address.Email(to)).orElseThrow().reason());
    }

    private static String messageId(MimeMessage m) {
        try {
            return MessageIds.strip(m.getMessageID());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
