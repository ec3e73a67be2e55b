package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.SendResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static io.recall.examples.sms.SmsTestSupport.await;
import static io.recall.examples.sms.SmsTestSupport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receipts that overtake their submit_sm_resp (or the response of a later part) are held and matched to the
 * message once its id is known, so events keep the recipient and idempotency key the pipeline needs to suppress.
 */
class SmppEarlyReceiptTest {

    private static SmppSmsAdapter adapter(SmppTestServer smsc, SmsTestSupport.Events events, Clock clock,
                                          Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(smsc.settings());
        settings.put("responseTimeoutMillis", "5000"); // the SMSC's 2 s stall is a slow but answered submit
        settings.putAll(extra);
        return new SmppSmsAdapter(AdapterContext.defaults().withSettings(settings).withEvents(events)
                .withRenderer(SmsTestSupport.RAW).withClock(clock));
    }

    @Test
    void aHardBounceArrivingBeforeTheSubmitResponseNamesTheRecipientAndKey() throws Exception {
        try (SmppTestServer smsc = SmppTestServer.start()) {
            SmsTestSupport.Events events = new SmsTestSupport.Events();
            SmppSmsAdapter adapter = adapter(smsc, events, Clock.fixed(NOW, ZoneOffset.UTC), Map.of());
            try {
                await("bind", () -> smsc.binds() >= 1);
                Address.Phone to = new Address.Phone("+447700955501");
                String digits = to.e164().substring(1);
                smsc.act(digits, SmppTestServer.Action.STALL);
                Message m = message(to, "Hi");
                CompletableFuture<SendResult> sending = CompletableFuture.supplyAsync(() -> adapter.send(m));
                await("the submit_sm reached the SMSC", () -> smsc.submitsTo(to).size() == 1);
                String id = smsc.submitsTo(to).get(0).messageId();
                smsc.sendReceipt(id, digits, "UNDELIV", "001"); // the receipt beats the SMSC's own submit_sm_resp
                SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class,
                        sending.get(30, TimeUnit.SECONDS));
                assertEquals(id, accepted.providerId());
                DeliveryEvent bounce = events.await("hard bounce", e -> e.type() == DeliveryEvent.Type.HARD_BOUNCE);
                assertEquals(Optional.of(to), bounce.recipient(), "hard bounce without recipient: " + bounce);
                assertEquals(Optional.of(m.idempotencyKey()), bounce.idempotencyKey());
                assertEquals(Optional.of(id), bounce.providerId());
                assertEquals("UNDELIV", bounce.details().get("status"));
            } finally {
                adapter.close();
            }
        }
    }

    @Test
    void earlyReceiptsOfALongTextsPartsCountTowardsOneDelivered() throws Exception {
        try (SmppTestServer smsc = SmppTestServer.start()) {
            SmsTestSupport.Events events = new SmsTestSupport.Events();
            SmppSmsAdapter adapter = adapter(smsc, events, Clock.fixed(NOW, ZoneOffset.UTC), Map.of());
            try {
                await("bind", () -> smsc.binds() >= 1);
                Address.Phone to = new Address.Phone("+447700955502");
                String digits = to.e164().substring(1);
                smsc.act(digits, SmppTestServer.Action.STALL_LATER_PARTS);
                Message m = message(to, "b".repeat(200)); // two parts
                CompletableFuture<SendResult> sending = CompletableFuture.supplyAsync(() -> adapter.send(m));
                await("both parts reached the SMSC", () -> smsc.submitsTo(to).size() == 2);
                List<SmppTestServer.Submit> parts = smsc.submitsTo(to);
                // Part 1 is delivered while part 2 still waits for its response; part 2's receipt beats it too.
                smsc.sendReceipt(parts.get(0).messageId(), digits, "DELIVRD", "000");
                smsc.sendReceipt(parts.get(1).messageId(), digits, "DELIVRD", "000");
                SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class,
                        sending.get(30, TimeUnit.SECONDS));
                DeliveryEvent delivered = events.await("delivered", e -> e.type() == DeliveryEvent.Type.DELIVERED);
                assertEquals(Optional.of(accepted.providerId()), delivered.providerId());
                assertEquals(Optional.of(to), delivered.recipient(), "counted as an unknown message: " + events.all());
                assertEquals(Optional.of(m.idempotencyKey()), delivered.idempotencyKey());
                assertEquals(1, events.all().size(), events.all().toString());
            } finally {
                adapter.close();
            }
        }
    }

    @Test
    void aReceiptForAnIdNeverSentHereIsReportedByProviderIdOnceTheHoldRunsOut() throws Exception {
        try (SmppTestServer smsc = SmppTestServer.start()) {
            SmsTestSupport.Events events = new SmsTestSupport.Events();
            MovableClock clock = new MovableClock(NOW);
            SmppSmsAdapter adapter = adapter(smsc, events, clock, Map.of("receiptHoldMillis", "60000"));
            try {
                await("bind", () -> smsc.binds() >= 1);
                smsc.sendReceipt("9999", "447700955503", "DELIVRD", "000"); // sent before a restart, say
                assertTrue(events.all().isEmpty(), "held, not reported yet: " + events.all());
                clock.advance(Duration.ofSeconds(61));
                DeliveryEvent e = events.await("the held receipt", x -> x.type() == DeliveryEvent.Type.DELIVERED);
                assertEquals(Optional.of("9999"), e.providerId());
                assertEquals(Optional.empty(), e.recipient());
                assertEquals(Optional.empty(), e.idempotencyKey());
            } finally {
                adapter.close();
            }
        }
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
