package io.recall.examples.email;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.examples.email.internal.MessageIds;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports written after the examples in RFC 3464 and RFC 5965, and as Postfix and Sendmail write them. */
class BounceReportsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);
    private static final String KEY = "winback-2026-11/customer+42";
    private static final String TO = "ada.lovelace@example.test";
    private static final String MESSAGE_ID = MessageIds.of(KEY, "shop.test");

    private static List<DeliveryEvent> parse(String resource) throws IOException {
        String raw = LoopbackMail.resource(resource, Map.of("recipient", TO, "messageId", MESSAGE_ID));
        return BounceReports.parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), CLOCK);
    }

    private static DeliveryEvent only(List<DeliveryEvent> events) {
        assertEquals(1, events.size(), () -> "events: " + events);
        return events.get(0);
    }

    @Test
    void permanentFailureIsAHardBounceNamingKeyMessageIdRecipientAndStatus() throws IOException {
        DeliveryEvent e = only(parse("dsn-hard-bounce.eml"));
        assertAll(() -> assertEquals(DeliveryEvent.Type.HARD_BOUNCE, e.type()),
                () -> assertTrue(e.type().suppressesAddress()),
                () -> assertEquals(Channel.EMAIL, e.channel()),
                () -> assertEquals(Optional.of(KEY), e.idempotencyKey()),
                () -> assertEquals(Optional.of(MessageIds.strip(MESSAGE_ID)), e.providerId()),
                () -> assertEquals(Optional.of(new Address.Email(TO)), e.recipient()),
                () -> assertEquals("5.1.1", e.details().get("status")),
                () -> assertEquals("failed", e.details().get("action")),
                () -> assertTrue(e.details().get("diagnosticCode").startsWith("smtp; 550 5.1.1")),
                () -> assertEquals(Instant.parse("2026-11-24T10:15:02Z"), e.occurredAt(), "Last-Attempt-Date"));
    }

    @Test
    void delayedDeliveryWithA4xxStatusIsASoftBounce() throws IOException {
        DeliveryEvent e = only(parse("dsn-soft-bounce.eml"));
        assertAll(() -> assertEquals(DeliveryEvent.Type.SOFT_BOUNCE, e.type()),
                () -> assertEquals("4.2.2", e.details().get("status")),
                () -> assertEquals(Optional.of(KEY), e.idempotencyKey()),
                () -> assertEquals(Optional.of(new Address.Email(TO)), e.recipient()));
    }

    @Test
    void successNotificationIsDelivered() throws IOException {
        DeliveryEvent e = only(parse("dsn-delivered.eml"));
        assertEquals(DeliveryEvent.Type.DELIVERED, e.type());
        assertEquals(Optional.of(KEY), e.idempotencyKey());
        assertEquals(Instant.parse("2026-11-24T10:15:01Z"), e.occurredAt(), "Arrival-Date when no Last-Attempt-Date");
    }

    @Test
    void eachRecipientBlockIsOneEventAndRelayedOnesAreSkipped() throws IOException {
        List<DeliveryEvent> events = parse("dsn-two-recipients.eml");
        assertEquals(2, events.size(), () -> "events: " + events);
        assertAll(() -> assertEquals(DeliveryEvent.Type.HARD_BOUNCE, events.get(0).type()),
                () -> assertEquals(Optional.of(new Address.Email("louisl@larry.slip.example.net")), events.get(0).recipient()),
                () -> assertEquals("5.1.2", events.get(0).details().get("status")),
                () -> assertEquals(DeliveryEvent.Type.SOFT_BOUNCE, events.get(1).type()),
                () -> assertEquals("4.4.1", events.get(1).details().get("status")),
                () -> assertEquals(Optional.of("campaign-7/customer-42"), events.get(1).idempotencyKey()),
                () -> assertEquals(Instant.parse("2026-11-24T11:00:00Z"), events.get(0).occurredAt(), "the report's Date"));
    }

    @Test
    void abuseFeedbackReportIsAComplaint() throws IOException {
        DeliveryEvent e = only(parse("arf-abuse.eml"));
        assertAll(() -> assertEquals(DeliveryEvent.Type.COMPLAINED, e.type()),
                () -> assertTrue(e.type().suppressesAddress()),
                () -> assertEquals(Optional.of(KEY), e.idempotencyKey()),
                () -> assertEquals(Optional.of(new Address.Email(TO)), e.recipient()),
                () -> assertEquals("abuse", e.details().get("feedbackType")),
                () -> assertEquals(Instant.parse("2026-03-08T18:00:00Z"), e.occurredAt()));
    }

    @Test
    void aDelayedReportIsSoftEvenWithAPermanentStatusSinceTheServerIsStillTrying() throws IOException {
        String raw = LoopbackMail.resource("dsn-hard-bounce.eml", Map.of("recipient", TO, "messageId", MESSAGE_ID))
                .replace("Action: failed", "Action: delayed");
        DeliveryEvent e = only(BounceReports.parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), CLOCK));
        assertEquals(DeliveryEvent.Type.SOFT_BOUNCE, e.type());
        assertEquals("delayed", e.details().get("action"));
        assertEquals("5.1.1", e.details().get("status"));
    }

    @Test
    void anAutoReplyIsNoReport() throws IOException {
        assertEquals(List.of(), parse("auto-reply.eml"));
    }

    @Test
    void theAdapterPollsTheBounceMailboxReportsTheEventsAndDeletesTheReports() throws Exception {
        LoopbackMail mail = LoopbackMail.shared();
        mail.greenMail.purgeEmailFromAllMailboxes();
        List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
        try (SmtpAdapter adapter = SmtpAdapter.create(AdapterContext.defaults().withEvents(events::add)
                .withSettings(mail.settingsWithBounces()))) {
            mail.deliverReport(LoopbackMail.resource("dsn-hard-bounce.eml", Map.of("recipient", TO, "messageId", MESSAGE_ID)));
            mail.deliverReport(LoopbackMail.resource("auto-reply.eml", Map.of("recipient", TO, "messageId", MESSAGE_ID)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((events.isEmpty() || mail.greenMail.getReceivedMessages().length > 1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(DeliveryEvent.Type.HARD_BOUNCE, only(events).type());
            MimeMessage[] left = mail.greenMail.getReceivedMessages();
            assertEquals(1, left.length, "the report is deleted, the reply kept");
            assertEquals("Out of office: We miss you", left[0].getSubject());
            assertEquals(0, adapter.connectionsOpened(), "reading bounces opens no SMTP connection");
        }
    }

    @Test
    void aReportThatCannotBeHandledIsLeftInTheMailboxAndDoesNotBlockTheReportsBehindIt() throws Exception {
        LoopbackMail mail = LoopbackMail.shared();
        mail.greenMail.purgeEmailFromAllMailboxes();
        String first = "first-" + System.nanoTime() + "@example.test";
        String second = "second-" + System.nanoTime() + "@example.test";
        mail.deliverReport(LoopbackMail.resource("dsn-hard-bounce.eml", Map.of("recipient", first, "messageId", MESSAGE_ID)));
        mail.deliverReport(LoopbackMail.resource("dsn-soft-bounce.eml", Map.of("recipient", second, "messageId", MESSAGE_ID)));
        List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
        // The sink fails on the first report's event, as a malformed report fails in the parser: either way that one
        // message cannot be handled this time.
        io.recall.examples.email.internal.BounceMailbox mailbox = new io.recall.examples.email.internal.BounceMailbox(
                new jakarta.mail.URLName(mail.settingsWithBounces().get("bounceMailbox")), Duration.ofSeconds(5),
                Duration.ofMinutes(1), CLOCK, e -> {
                    if (e.recipient().equals(Optional.of(new Address.Email(first)))) {
                        throw new IllegalStateException("sink down");
                    }
                    events.add(e);
                });
        mailbox.poll();
        assertEquals(DeliveryEvent.Type.SOFT_BOUNCE, only(events).type(), "the report behind the failing one");
        assertEquals(1, mailbox.unhandledMessages());
        assertEquals(List.of("Undelivered Mail Returned to Sender"), subjects(mail),
                "the handled report is deleted, the failing one kept to try again and for a person to look at");
    }

    private static List<String> subjects(LoopbackMail mail) throws jakarta.mail.MessagingException {
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage m : mail.greenMail.getReceivedMessages()) {
            subjects.add(m.getSubject());
        }
        return subjects;
    }
}
