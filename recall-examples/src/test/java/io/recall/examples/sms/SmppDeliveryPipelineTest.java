package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.delivery.DeliveryEventHandler;
import io.recall.delivery.DeliveryEventStore;
import io.recall.delivery.DeliveryPipeline;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboundMessage;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.SuppressionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static io.recall.examples.sms.SmsTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMPP adapter under Recall's delivery pipeline, against the loopback SMSC: retries and STOP suppression. */
class SmppDeliveryPipelineTest {

    private SmppTestServer smsc;
    private SmppSmsAdapter adapter;
    private OutboxStore outbox;
    private SuppressionStore suppressions;
    private DeliveryPipeline pipeline;

    @BeforeEach
    void start() throws Exception {
        smsc = SmppTestServer.start();
        outbox = OutboxStore.inMemory();
        suppressions = SuppressionStore.inMemory();
        DeliveryEventHandler events = DeliveryEventHandler.of(DeliveryEventStore.inMemory(), suppressions, outbox);
        adapter = new SmppSmsAdapter(AdapterContext.defaults().withSettings(smsc.settings()).withEvents(events)
                .withRenderer(SmsTestSupport.RAW).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        pipeline = DeliveryPipeline.newBuilder().outbox(outbox).suppressions(suppressions).adapter(adapter).build();
    }

    @AfterEach
    void stop() {
        adapter.close();
        smsc.close();
    }

    private OutboxEntry enqueue(Address.Phone to, String text) {
        Message m = SmsTestSupport.message(to, text).toBuilder().purpose(Purpose.SERVICE).build();
        OutboundMessage out = OutboundMessage.of("customer-" + to.e164(), ZoneId.of("Asia/Shanghai"), m);
        pipeline.enqueue(out, NOW);
        return outbox.find(out.id()).orElseThrow();
    }

    @Test
    void aThrottledSmsIsQueuedAgainAndSentOnTheRoundAfterItsBackOff() {
        Address.Phone to = new Address.Phone("+8613800138001");
        smsc.act("8613800138001", SmppTestServer.Action.THROTTLE);
        OutboxEntry entry = enqueue(to, "Your order has shipped");

        pipeline.dispatch(NOW);
        OutboxEntry throttled = outbox.find(entry.id()).orElseThrow();
        assertEquals(DeliveryState.QUEUED, throttled.state());
        assertTrue(!throttled.dueAt().isBefore(NOW.plusSeconds(2)), "due " + throttled.dueAt() + ", before the back-off");
        assertEquals(0, smsc.submitsTo(to).size());

        smsc.act("8613800138001", SmppTestServer.Action.ACCEPT);
        Instant later = throttled.dueAt();
        pipeline.dispatch(later);
        OutboxEntry sent = outbox.find(entry.id()).orElseThrow();
        assertEquals(DeliveryState.SENT, sent.state());
        assertEquals(smsc.submitsTo(to).get(0).messageId(), sent.providerId().orElseThrow());
    }

    @Test
    void aStopReplySuppressesTheNumberSoThePipelineSendsItNothingMore() throws Exception {
        Address.Phone to = new Address.Phone("+8613800138002");
        await("the adapter's bind", () -> smsc.binds() >= 1);
        smsc.sendReply("8613800138002", "退订");
        await("the suppression", () -> suppressions.find(to).isPresent());
        await("the confirmation", () -> smsc.submitsTo(to).size() == 1);

        OutboxEntry entry = enqueue(to, "Your order has shipped");
        pipeline.dispatch(NOW.plusSeconds(60));
        assertEquals(DeliveryState.SUPPRESSED, outbox.find(entry.id()).orElseThrow().state());
        assertEquals(1, smsc.submitsTo(to).size(), "only the opt-out confirmation reached the number");
    }
}
