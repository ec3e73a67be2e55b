package io.recall.generator;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngagementModelTest {

    static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");

    static Message message(Channel channel, int i) {
        Address to = channel.equals(Channel.EMAIL) ? new Address.Email("c" + i + "@example.com")
                : new Address.Phone("+4477009" + String.format("%05d", i));
        return Message.newBuilder().id("m-" + i).idempotencyKey("m-" + i + ":" + channel.id()).recipient(to)
                .templateId("t").locale(java.util.Locale.UK)
                .purpose(io.recall.channels.Purpose.MARKETING).build();
    }

    static EngagementModel model() {
        return EngagementModel.newBuilder(7)
                .channel(Channel.EMAIL, new EngagementModel.Rates(0.9, 0.4, 0.25, true))
                .channel(Channel.SMS, new EngagementModel.Rates(0.95, 0.3, 0.2, false)).build();
    }

    @Test
    void eventsFollowTheStagesInTimeOrderAndRecoverTheRates() {
        EngagementModel m = model();
        int n = 20_000;
        int delivered = 0;
        int opened = 0;
        int clicked = 0;
        for (int i = 0; i < n; i++) {
            Message msg = message(Channel.EMAIL, i);
            List<DeliveryEvent> events = m.events(msg, SENT, false);
            List<DeliveryEvent.Type> types = events.stream().map(DeliveryEvent::type).toList();
            // A prefix of DELIVERED, OPENED, CLICKED, each later than the one before and than the send.
            assertEquals(List.of(DeliveryEvent.Type.DELIVERED, DeliveryEvent.Type.OPENED, DeliveryEvent.Type.CLICKED)
                    .subList(0, types.size()), types);
            Instant before = SENT;
            for (DeliveryEvent e : events) {
                assertTrue(e.occurredAt().isAfter(before), e.toString());
                assertEquals(msg.idempotencyKey(), e.idempotencyKey().orElseThrow());
                before = e.occurredAt();
            }
            delivered += types.size() >= 1 ? 1 : 0;
            opened += types.size() >= 2 ? 1 : 0;
            clicked += types.size() == 3 ? 1 : 0;
        }
        assertEquals(0.9, (double) delivered / n, 0.01);
        assertEquals(0.4, (double) opened / delivered, 0.015);
        assertEquals(0.25, (double) clicked / opened, 0.02);
    }

    @Test
    void smsReportsNoOpensOnlyClicksAndConvertersEngageMore() {
        EngagementModel m = model();
        int clicks = 0;
        int converterClicks = 0;
        for (int i = 0; i < 10_000; i++) {
            List<DeliveryEvent.Type> types = m.events(message(Channel.SMS, i), SENT, false).stream()
                    .map(DeliveryEvent::type).toList();
            assertTrue(!types.contains(DeliveryEvent.Type.OPENED), types.toString());
            clicks += types.contains(DeliveryEvent.Type.CLICKED) ? 1 : 0;
            converterClicks += m.events(message(Channel.SMS, i), SENT, true).stream()
                    .anyMatch(e -> e.type() == DeliveryEvent.Type.CLICKED) ? 1 : 0;
        }
        assertEquals(0.95 * 0.3 * 0.2, clicks / 10_000.0, 0.01);
        assertEquals(0.95 * 0.6 * 0.4, converterClicks / 10_000.0, 0.015);
    }

    @Test
    void theSameSeedAndMessageGiveTheSameEventsWhateverElseIsSimulated() {
        Message msg = message(Channel.EMAIL, 42);
        List<DeliveryEvent> alone = model().events(msg, SENT, true);
        EngagementModel other = model();
        for (int i = 0; i < 100; i++) {
            other.events(message(Channel.EMAIL, i), SENT, false);
        }
        assertEquals(alone, other.events(msg, SENT, true));
        assertTrue(EngagementModel.newBuilder(7).build().events(msg, SENT, true).isEmpty(),
                "a channel without rates reports nothing");
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new EngagementModel.Rates(1.2, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new EngagementModel.Rates(0.5, Double.NaN, 0, true));
        assertThrows(IllegalArgumentException.class, () -> EngagementModel.newBuilder(1).converterLift(0.5));
        assertThrows(IllegalArgumentException.class, () -> EngagementModel.newBuilder(1).openDelay(Duration.ZERO));
    }
}
