package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.SendResult;
import io.recall.examples.sms.SmppTestServer.Action;
import io.recall.examples.sms.SmppTestServer.Submit;
import io.recall.examples.sms.internal.Gsm7;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static io.recall.examples.sms.SmsTestSupport.await;
import static io.recall.examples.sms.SmsTestSupport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMPP adapter against a jSMPP SMSC on loopback: what goes on the wire, receipts, replies, failures. */
class SmppSmsAdapterTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private SmppTestServer smsc;
    private SmsTestSupport.Events events;
    private SmppSmsAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        smsc = SmppTestServer.start();
        events = new SmsTestSupport.Events();
        adapter = adapter(smsc.settings());
    }

    @AfterEach
    void stop() {
        adapter.close();
        smsc.close();
    }

    /** Waits for the bind the adapter makes when created, so the SMSC can deliver to it. */
    private void bound() {
        await("the adapter's bind", () -> smsc.binds() >= 1);
    }

    private SmppSmsAdapter adapter(Map<String, String> settings) {
        return new SmppSmsAdapter(AdapterContext.defaults().withSettings(settings).withEvents(events)
                .withRenderer(SmsTestSupport.RAW).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static Address.Phone phone() {
        return new Address.Phone(String.format("+4477009%05d", NUMBERS.incrementAndGet()));
    }

    private static String digits(Address.Phone phone) {
        return phone.e164().substring(1);
    }

    private static String reassembled(List<Submit> parts) {
        return parts.stream().map(Submit::text).collect(Collectors.joining());
    }

    @Nested
    class Encoding {

        @Test
        void chineseTextSwitchesToUcs2InConcatenatedPartsOf67() {
            Address.Phone to = phone();
            String text = "亲爱的会员，您好！".repeat(16) + "回复退订取消。";   // 151 UTF-16 code units
            assertInstanceOf(SendResult.Accepted.class, adapter.send(message(to, text)));
            List<Submit> parts = smsc.submitsTo(to);
            assertEquals(3, parts.size());
            int reference = parts.get(0).concatenation().orElseThrow()[0];
            for (int i = 0; i < parts.size(); i++) {
                Submit part = parts.get(i);
                assertEquals(0x08, part.dataCoding(), "data_coding of part " + (i + 1));
                assertTrue(part.udhi(), "UDHI set on part " + (i + 1));
                int[] concat = part.concatenation().orElseThrow();
                assertEquals(reference, concat[0], "one reference for every part");
                assertEquals(3, concat[1], "total parts");
                assertEquals(i + 1, concat[2], "part number");
                assertTrue(part.text().length() <= 67, "part " + (i + 1) + " holds " + part.text().length());
            }
            assertEquals(List.of(67, 67, 17), parts.stream().map(p -> p.text().length()).collect(Collectors.toList()));
            assertEquals(text, reassembled(parts));
        }

        @Test
        void seventyChineseCharactersFitOneMessageWithoutHeader() {
            Address.Phone to = phone();
            String text = "双十一会员专享优惠券已到账".repeat(6).substring(0, 70);
            adapter.send(message(to, text));
            Submit only = smsc.submitsTo(to).get(0);
            assertEquals(1, smsc.submitsTo(to).size());
            assertFalse(only.udhi());
            assertEquals(0x08, only.dataCoding());
            assertEquals(text, only.text());
        }

        @Test
        void gsmTextWithExtensionCharactersCountsThemTwiceAndReassembles() {
            Address.Phone to = phone();
            // 160 characters, 14 of them from the extension table: 174 septets, so two parts.
            String text = "Your code [SAVE10] gives 10€ off {today}~ ".repeat(4).substring(0, 155) + "€€€€€";
            assertEquals(160, text.length());
            int septets = Gsm7.septets(text);
            assertTrue(septets > 160, "septets " + septets);
            adapter.send(message(to, text));
            List<Submit> parts = smsc.submitsTo(to);
            assertEquals(2, parts.size());
            for (Submit part : parts) {
                assertEquals(0x00, part.dataCoding());
                assertTrue(part.udhi());
                assertTrue(part.shortMessage().length - 6 <= 153, "septets in part: " + (part.shortMessage().length - 6));
                assertTrue(part.shortMessage()[part.shortMessage().length - 1] != 0x1B, "escape split from its character");
            }
            assertEquals(text, reassembled(parts));
        }

        @Test
        void exactly160GsmCharactersIsOneMessageAnd161AreTwo() {
            Address.Phone one = phone();
            Address.Phone two = phone();
            adapter.send(message(one, "a".repeat(160)));
            adapter.send(message(two, "a".repeat(161)));
            assertEquals(1, smsc.submitsTo(one).size());
            assertFalse(smsc.submitsTo(one).get(0).udhi());
            assertEquals(2, smsc.submitsTo(two).size());
            assertEquals(List.of(153, 8), smsc.submitsTo(two).stream().map(p -> p.text().length())
                    .collect(Collectors.toList()));
        }

        @Test
        void everySendReusesOneTransceiverBindAndAsksForReceipts() {
            await("the bind made on creation", () -> smsc.binds() == 1);
            for (int i = 0; i < 5; i++) {
                assertInstanceOf(SendResult.Accepted.class, adapter.send(message(phone(), "Hello " + i)));
            }
            assertEquals(1, smsc.binds());
            assertTrue(smsc.submits().stream().allMatch(s -> s.registeredDelivery() == 0x01));
        }

        @Test
        void aTextNeedingMorePartsThanAllowedIsPermanentAndNeverSent() {
            Address.Phone to = phone();
            SendResult result = adapter.send(message(to, "x".repeat(153 * 10 + 1)));
            SendResult.Permanent p = assertInstanceOf(SendResult.Permanent.class, result);
            assertFalse(p.suppressAddress());
            assertTrue(p.reason().contains("11 parts"), p.reason());
            assertEquals(0, smsc.submitsTo(to).size());
        }
    }

    @Nested
    class Receipts {

        private SendResult.Accepted sent(Address.Phone to, Message m) {
            return assertInstanceOf(SendResult.Accepted.class, adapter.send(m));
        }

        @Test
        void delivrdBecomesDeliveredNamingKeyProviderIdAndRecipient() throws Exception {
            Address.Phone to = phone();
            Message m = message(to, "Your order shipped");
            SendResult.Accepted accepted = sent(to, m);
            smsc.sendReceipt(accepted.providerId(), digits(to), "DELIVRD", "000");
            DeliveryEvent e = events.await("delivered", x -> x.providerId().equals(Optional.of(accepted.providerId())));
            assertEquals(DeliveryEvent.Type.DELIVERED, e.type());
            assertEquals(Optional.of(m.idempotencyKey()), e.idempotencyKey());
            assertEquals(Optional.of(to), e.recipient());
            assertEquals("DELIVRD", e.details().get("status"));
            assertEquals(NOW, e.occurredAt());
        }

        @ParameterizedTest
        @ValueSource(strings = {"UNDELIV:HARD_BOUNCE", "REJECTD:HARD_BOUNCE", "EXPIRED:SOFT_BOUNCE", "DELETED:SOFT_BOUNCE"})
        void failedReceiptsBecomeBounces(String mapping) throws Exception {
            String stat = mapping.split(":")[0];
            Address.Phone to = phone();
            SendResult.Accepted accepted = sent(to, message(to, "Hi"));
            smsc.sendReceipt(accepted.providerId(), digits(to), stat, "011");
            DeliveryEvent e = events.await(stat, x -> x.providerId().equals(Optional.of(accepted.providerId())));
            assertEquals(DeliveryEvent.Type.valueOf(mapping.split(":")[1]), e.type());
            assertEquals("011", e.details().get("error"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"DELIVERED:DELIVERED:DELIVRD", "UNDELIVERABLE:HARD_BOUNCE:UNDELIV",
                "REJECTED:HARD_BOUNCE:REJECTD", "EXPIRED:SOFT_BOUNCE:EXPIRED"})
        void aReceiptWithOnlyItsTlvsAndNoReadableTextIsUnderstood(String mapping) throws Exception {
            String[] m = mapping.split(":");
            Address.Phone to = phone();
            Message message = message(to, "Hi");
            SendResult.Accepted accepted = sent(to, message);
            smsc.sendReceiptWithTlvs("", accepted.providerId(), digits(to),
                    OptionalParameter.Message_state.Message_state_enum.valueOf(m[0]));
            DeliveryEvent e = events.await(m[0], x -> x.providerId().equals(Optional.of(accepted.providerId())));
            assertEquals(DeliveryEvent.Type.valueOf(m[1]), e.type());
            assertEquals(Optional.of(message.idempotencyKey()), e.idempotencyKey());
            assertEquals(m[2], e.details().get("status"));
            assertEquals("GSM:34", e.details().get("error"));
        }

        @Test
        void aReceiptedMessageIdTlvWithoutItsTerminatorIsReadWhole() throws Exception {
            Address.Phone to = phone();
            Message message = message(to, "Hi");
            SendResult.Accepted accepted = sent(to, message);
            smsc.sendReceiptWithUnterminatedIdTlv(accepted.providerId(), digits(to));
            DeliveryEvent e = events.await("delivered", x -> x.type() == DeliveryEvent.Type.DELIVERED);
            assertEquals(Optional.of(accepted.providerId()), e.providerId());
            assertEquals(Optional.of(message.idempotencyKey()), e.idempotencyKey());
        }

        @Test
        void theReceiptedMessageIdTlvWinsOverATextIdWrittenInAnotherBase() throws Exception {
            Address.Phone to = phone();
            Message message = message(to, "Hi");
            SendResult.Accepted accepted = sent(to, message);
            // The text names the id in hexadecimal, as some SMSCs do when submit_sm_resp gave it in decimal.
            String hex = Long.toHexString(Long.parseLong(accepted.providerId()) + 1_000_000);
            smsc.sendReceiptWithTlvs("id:" + hex + " sub:001 dlvrd:001 submit date:2611241130 done date:2611241131"
                    + " stat:DELIVRD err:000 text:Hi", accepted.providerId(), digits(to),
                    OptionalParameter.Message_state.Message_state_enum.DELIVERED);
            DeliveryEvent e = events.await("delivered", x -> x.type() == DeliveryEvent.Type.DELIVERED);
            assertEquals(Optional.of(accepted.providerId()), e.providerId());
            assertEquals(Optional.of(message.idempotencyKey()), e.idempotencyKey());
            assertEquals(Optional.of(to), e.recipient());
            assertEquals("000", e.details().get("error"));
        }

        @Test
        void intermediateReceiptsAreNotReported() throws Exception {
            Address.Phone to = phone();
            SendResult.Accepted accepted = sent(to, message(to, "Hi"));
            smsc.sendReceipt(accepted.providerId(), digits(to), "ENROUTE", "000");
            smsc.sendReceipt(accepted.providerId(), digits(to), "DELIVRD", "000");
            events.await("delivered", x -> x.type() == DeliveryEvent.Type.DELIVERED);
            // jSMPP acknowledges deliver_sm in order, so the ENROUTE receipt was handled before DELIVRD.
            assertEquals(1, events.all().size(), events.all().toString());
        }

        @Test
        void aLongTextIsDeliveredOnceEveryPartIs() throws Exception {
            Address.Phone to = phone();
            SendResult.Accepted accepted = sent(to, message(to, "b".repeat(400)));
            List<Submit> parts = smsc.submitsTo(to);
            assertEquals(3, parts.size());
            assertEquals(parts.get(0).messageId(), accepted.providerId());
            smsc.sendReceipt(parts.get(0).messageId(), digits(to), "DELIVRD", "000");
            smsc.sendReceipt(parts.get(1).messageId(), digits(to), "DELIVRD", "000");
            assertTrue(events.all().isEmpty(), "reported before the last part: " + events.all());
            smsc.sendReceipt(parts.get(2).messageId(), digits(to), "DELIVRD", "000");
            DeliveryEvent e = events.await("delivered", x -> x.type() == DeliveryEvent.Type.DELIVERED);
            assertEquals(Optional.of(accepted.providerId()), e.providerId());
        }
    }

    @Nested
    class Replies {

        @ParameterizedTest
        @ValueSource(strings = {"STOP", " stop ", "Stop!", "UNSUBSCRIBE", "cancel", "End", "quit", "退订", "td",
                "ＳＴＯＰ"})
        void anOptOutKeywordIsReportedAndConfirmedOnceAndNothingFollows(String keyword) throws Exception {
            bound();
            Address.Phone customer = phone();
            smsc.sendReply(digits(customer), keyword);
            DeliveryEvent e = events.await("opt-out", x -> x.type() == DeliveryEvent.Type.REPLIED_STOP);
            assertEquals(Optional.of(customer), e.recipient());
            assertTrue(e.type().suppressesAddress());
            await("the confirmation", () -> smsc.submitsTo(customer).size() == 1);
            assertTrue(smsc.submitsTo(customer).get(0).text().contains("unsubscribed"));

            SendResult later = adapter.send(message(customer, "Last chance: 20% off"));
            SendResult.Permanent refused = assertInstanceOf(SendResult.Permanent.class, later);
            assertTrue(refused.suppressAddress());

            smsc.sendReply(digits(customer), keyword);
            Address.Phone someoneElse = phone();
            smsc.sendReply(digits(someoneElse), "HELP");
            // Replies leave one at a time in arrival order: once the later HELP is answered, a second confirmation
            // would already have been sent.
            await("the help reply", () -> smsc.submitsTo(someoneElse).size() == 1);
            assertEquals(1, smsc.submitsTo(customer).size(), "submits to the opted-out number");
            assertEquals(2, events.all().stream().filter(x -> x.type() == DeliveryEvent.Type.REPLIED_STOP).count());
        }

        @Test
        void helpIsAnsweredWithTheHelpTextAndIsNoOptOut() throws Exception {
            bound();
            Address.Phone customer = phone();
            smsc.sendReply(digits(customer), "help");
            await("the help reply", () -> smsc.submitsTo(customer).size() == 1);
            assertEquals("Reply STOP to unsubscribe. 回复退订取消订阅。", smsc.submitsTo(customer).get(0).text());
            assertEquals(0x08, smsc.submitsTo(customer).get(0).dataCoding());
            assertTrue(events.all().isEmpty());
            assertInstanceOf(SendResult.Accepted.class, adapter.send(message(customer, "Still subscribed")));
        }

        @Test
        void aSentenceContainingStopIsNoOptOut() throws Exception {
            bound();
            Address.Phone customer = phone();
            smsc.sendReply(digits(customer), "please don't stop the deals");
            smsc.sendReply(digits(customer), "HELP");
            await("the help reply", () -> smsc.submitsTo(customer).size() == 1);
            assertTrue(events.all().isEmpty());
        }
    }

    @Nested
    class Failures {

        private SendResult sendWith(Action action) {
            Address.Phone to = phone();
            smsc.act(digits(to), action);
            return adapter.send(message(to, "Hi"));
        }

        @Test
        void throttlingIsRetryableAfterTheConfiguredBackOff() {
            SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, sendWith(Action.THROTTLE));
            assertEquals(Optional.of(Duration.ofSeconds(2)), r.retryAfter());
            assertTrue(r.reason().contains("ESME_RTHROTTLED"), r.reason());
        }

        @Test
        void aFullQueueIsRetryableAfterTheBackOff() {
            SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class, sendWith(Action.QUEUE_FULL));
            assertEquals(Optional.of(Duration.ofSeconds(2)), r.retryAfter());
        }

        @Test
        void anInvalidDestinationIsPermanentAndSuppressed() {
            SendResult.Permanent p = assertInstanceOf(SendResult.Permanent.class, sendWith(Action.REJECT_ADDRESS));
            assertTrue(p.suppressAddress());
            assertTrue(p.reason().contains("ESME_RINVDSTADR"), p.reason());
        }

        @Test
        void aStalledResponseIsUnknown() {
            assertInstanceOf(SendResult.Unknown.class, sendWith(Action.STALL));
        }

        @Test
        void aDroppedConnectionIsUnknownAndTheNextSendBindsAgain() {
            await("the first bind", () -> smsc.binds() == 1);
            assertInstanceOf(SendResult.Unknown.class, sendWith(Action.DROP));
            assertInstanceOf(SendResult.Accepted.class, adapter.send(message(phone(), "after the drop")));
            assertEquals(2, smsc.binds());
        }

        @Test
        void aLaterPartRefusedAfterTheFirstWasTakenIsUnknownNotRetryable() {
            // A blind resend would repeat the part the handset already has.
            Address.Phone to = phone();
            smsc.act(digits(to), Action.THROTTLE_LATER_PARTS);
            SendResult.Unknown u = assertInstanceOf(SendResult.Unknown.class,
                    adapter.send(message(to, "c".repeat(200))));
            assertTrue(u.reason().startsWith("part 2 of 2 failed after 1 were accepted"), u.reason());
            assertEquals(1, smsc.submitsTo(to).size());
        }

        @Test
        void aRefusedConnectionIsRetryable() throws Exception {
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            Map<String, String> settings = new java.util.HashMap<>(smsc.settings());
            settings.put("port", String.valueOf(closedPort));
            try (SmppSmsAdapter nowhere = adapter(settings)) {
                assertInstanceOf(SendResult.Retryable.class, nowhere.send(message(phone(), "Hi")));
            }
        }

        @Test
        void aRejectedBindIsRetryable() {
            Map<String, String> settings = new java.util.HashMap<>(smsc.settings());
            settings.put("password", "wrong");
            try (SmppSmsAdapter refused = adapter(settings)) {
                SendResult.Retryable r = assertInstanceOf(SendResult.Retryable.class,
                        refused.send(message(phone(), "Hi")));
                assertTrue(r.reason().contains("no SMPP bind"), r.reason());
            }
        }
    }
}
