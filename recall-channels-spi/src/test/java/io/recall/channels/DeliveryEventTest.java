package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryEventTest {

    private static final Instant AT = Instant.parse("2025-03-05T11:30:00Z");

    @Test
    void anEventMustNameItsMessageSomehow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeliveryEvent(
                DeliveryEvent.Type.DELIVERED, Channel.EMAIL, AT, Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of()));
        assertTrue(e.getMessage().contains("must name its message"), e.getMessage());
    }

    @Test
    void aboutAMessageCarriesItsKeyAndRecipient() {
        Message m = MessageTest.valid().build();
        DeliveryEvent event = DeliveryEvent.about(DeliveryEvent.Type.OPENED, m, AT).withProviderId("p-1");
        assertEquals(Optional.of(m.idempotencyKey()), event.idempotencyKey());
        assertEquals(Optional.of(m.recipient()), event.recipient());
        assertEquals(Optional.of("p-1"), event.providerId());
    }

    @Test
    void theRecipientMustBeOnTheEventsChannel() {
        assertThrows(IllegalArgumentException.class, () -> DeliveryEvent.forProviderId(DeliveryEvent.Type.DELIVERED,
                Channel.SMS, "p-1", AT).withRecipient(new Address.Email("a@b.c")));
    }

    @Test
    void detailsAreCheckedAndCopied() {
        DeliveryEvent stop = DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP,
                new Address.Phone("+8613800138000"), AT).withDetail("keyword", "退订");
        assertEquals(Map.of("keyword", "退订"), stop.details());
        assertThrows(IllegalArgumentException.class, () -> stop.withDetail("Bad Key", "x"));
    }

    @Test
    void onlyAddressKillingEventsSuppress() {
        for (DeliveryEvent.Type type : DeliveryEvent.Type.values()) {
            boolean expected = switch (type) {
                case HARD_BOUNCE, COMPLAINED, UNSUBSCRIBED, REPLIED_STOP, TOKEN_INVALID -> true;
                default -> false;
            };
            assertEquals(expected, type.suppressesAddress(), type.name());
        }
        assertFalse(DeliveryEvent.Type.SOFT_BOUNCE.suppressesAddress());
    }
}
