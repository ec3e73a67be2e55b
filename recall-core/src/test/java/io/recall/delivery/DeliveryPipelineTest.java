package io.recall.delivery;

import io.recall.channels.Capabilities;
import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.recall.delivery.Fixtures.email;
import static io.recall.delivery.Fixtures.emailThenSms;
import static io.recall.delivery.Fixtures.grantAll;
import static io.recall.delivery.Fixtures.sms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryPipelineTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 10:00 in Shanghai. */
    private static final Instant MORNING = ZonedDateTime.of(2026, 5, 4, 10, 0, 0, 0, SHANGHAI).toInstant();

    private static DeliveryPolicy smsEvenings() {
        return DeliveryPolicy.newBuilder().sendWindow(Channel.SMS, SendWindow.of(LocalTime.of(19, 0), LocalTime.of(21, 0)))
                .maxAttempts(3).build();
    }

    private static DeliveryPipeline pipeline(DeliveryPolicy policy, FaultyAdapter... adapters) {
        DeliveryPipeline.Builder b = DeliveryPipeline.newBuilder().policy(policy).random(new Random(7));
        for (FaultyAdapter a : adapters) {
            b.adapter(a);
        }
        return b.build();
    }

    private static OutboxEntry entry(DeliveryPipeline p, String id) {
        return p.outbox().find(id).orElseThrow();
    }

    @Nested
    class Fallback {

        @Test
        void bouncedEmailFallsBackToSmsInsideSmsOwnWindow() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.REJECT_ADDRESS);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail, text);
            grantAll(p.consents(), "c1", MORNING.minusSeconds(60));
            OutboundMessage message = emailThenSms("m1", "c1", SHANGHAI, Purpose.MARKETING);
            p.enqueue(message, MORNING);

            p.dispatch(MORNING);
            assertEquals(DeliveryReason.FALLBACK, entry(p, "m1").reason());
            assertEquals(1, entry(p, "m1").step());
            assertEquals(Suppression.Reason.INVALID_ADDRESS,
                    p.suppressions().find(message.plan().get(0).recipient()).orElseThrow().reason());

            p.dispatch(MORNING);
            OutboxEntry deferred = entry(p, "m1");
            assertEquals(DeliveryState.DEFERRED, deferred.state());
            assertEquals(DeliveryReason.OUTSIDE_SEND_WINDOW, deferred.reason());
            assertEquals(ZonedDateTime.of(2026, 5, 4, 19, 0, 0, 0, SHANGHAI).toInstant(), deferred.dueAt());
            assertTrue(text.calls().isEmpty());

            text.now = deferred.dueAt();
            p.dispatch(deferred.dueAt());
            assertEquals(DeliveryState.SENT, entry(p, "m1").state());
            assertEquals(List.of("m1-sms"), text.calls());
            assertTrue(p.reconcile().balances());
        }

        @Test
        void fallbackChannelWithoutConsentIsSuppressedWithItsReason() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.REJECT_ADDRESS);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail, text);
            p.consents().append(ConsentEntry.granted("c1", Channel.EMAIL, Purpose.MARKETING, MORNING, "v1", "web"));
            p.enqueue(emailThenSms("m1", "c1", SHANGHAI, Purpose.MARKETING), MORNING);

            p.dispatch(MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SUPPRESSED, entry(p, "m1").state());
            assertEquals(1, p.reconcile().count(DeliveryState.SUPPRESSED, DeliveryReason.NO_CONSENT));
            assertTrue(text.calls().isEmpty());
        }

        @Test
        void permanentRefusalOnTheLastChannelIsDeadLettered() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.REJECT_CONTENT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            grantAll(p.consents(), "c1", MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(1, p.reconcile().count(DeliveryState.DEAD_LETTERED, DeliveryReason.PERMANENT_FAILURE));
            assertTrue(p.suppressions().find(email("m1", "c1", Purpose.MARKETING).recipient()).isEmpty(),
                    "rejected content must not suppress the address");
        }
    }

    @Nested
    class Consent {

        @Test
        void withdrawalIsHonouredAtTheNextRoundEvenBetweenRetries() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.SERVER_ERROR);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            grantAll(p.consents(), "c1", MORNING.minusSeconds(3600));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryReason.RETRY, entry(p, "m1").reason());

            Instant withdrawn = MORNING.plusSeconds(5);
            p.consents().append(ConsentEntry.withdrawn("c1", Channel.EMAIL, Purpose.MARKETING, withdrawn, "v1",
                    "preference centre"));
            p.dispatch(entry(p, "m1").dueAt());
            assertEquals(DeliveryState.SUPPRESSED, entry(p, "m1").state());
            assertEquals(DeliveryReason.CONSENT_WITHDRAWN, entry(p, "m1").reason());
            assertEquals(1, mail.calls().size());
            assertEquals(3, p.consents().history("c1").size(), "the ledger keeps grants and the withdrawal");
        }

        @Test
        void aWithdrawalStampedAfterTheRoundsNowStillStopsTheSend() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            grantAll(p.consents(), "c1", MORNING.minusSeconds(3600));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            // The host's clock lags: the withdrawal is already in the ledger, stamped after the round's "now".
            p.consents().append(ConsentEntry.withdrawn("c1", Channel.EMAIL, Purpose.MARKETING, MORNING.plusSeconds(5),
                    "v1", "preference centre"));
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SUPPRESSED, entry(p, "m1").state());
            assertEquals(DeliveryReason.CONSENT_WITHDRAWN, entry(p, "m1").reason());
            assertTrue(mail.calls().isEmpty());
            assertTrue(p.frequency().sendsSince("c1", java.util.Optional.empty(), MORNING.minusSeconds(1)).isEmpty(),
                    "a send stopped at the last moment is not counted against the caps");
        }

        @Test
        void aWithdrawalAppendedWhileTheRoundSendsStopsTheLaterMessagesOfTheRound() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false),
                    m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().build(), mail, text);
            grantAll(p.consents(), "c1", MORNING.minusSeconds(3600));
            grantAll(p.consents(), "c2", MORNING.minusSeconds(3600));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            p.enqueue(emailThenSms("m2", "c2", SHANGHAI, Purpose.SERVICE), MORNING);
            // While m1's request is slow, c2 withdraws e-mail for service messages too (a withdrawal stops any purpose).
            mail.duringSlowSend = () -> p.consents().append(ConsentEntry.withdrawn("c2", Channel.EMAIL, Purpose.SERVICE,
                    MORNING, "v1", "service desk"));
            p.dispatch(MORNING);
            assertEquals(List.of("m1-email"), mail.calls());
            assertEquals(DeliveryState.QUEUED, entry(p, "m2").state());
            assertEquals(DeliveryReason.FALLBACK, entry(p, "m2").reason(), "the next channel of the plan is tried");
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SENT, entry(p, "m2").state());
            assertEquals(List.of("m2-sms"), text.calls());
            assertTrue(p.reconcile().balances());
        }

        @Test
        void aLedgerWithoutItsOwnLatestLookUpStillStopsALateWithdrawal() {
            ConsentLedger inner = ConsentLedger.inMemory();
            ConsentLedger minimal = new ConsentLedger() {
                @Override
                public void append(ConsentEntry entry) {
                    inner.append(entry);
                }

                @Override
                public java.util.Optional<ConsentEntry> current(String customerId, Channel channel, Purpose purpose,
                                                                Instant asOf) {
                    return inner.current(customerId, channel, purpose, asOf);
                }

                @Override
                public List<ConsentEntry> history(String customerId) {
                    return inner.history(customerId);
                }
            };
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = DeliveryPipeline.newBuilder().consents(minimal).adapter(mail).build();
            grantAll(minimal, "c1", MORNING.minusSeconds(60));
            minimal.append(ConsentEntry.withdrawn("c1", Channel.EMAIL, Purpose.MARKETING, MORNING.plusSeconds(1), "v1",
                    "unsubscribe link"));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryReason.CONSENT_WITHDRAWN, entry(p, "m1").reason());
            assertTrue(mail.calls().isEmpty());
        }

        @Test
        void anUnsubscribeHoldsForTheSameAddressInAnotherCase() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            grantAll(p.consents(), "ann", MORNING.minusSeconds(60));
            p.suppressions().suppress(new Suppression(new io.recall.channels.Address.Email("Ann@example.com"),
                    Suppression.Reason.UNSUBSCRIBE, MORNING.minusSeconds(30), "event UNSUBSCRIBE"));
            p.enqueue(OutboundMessage.of("ann", SHANGHAI, email("m1", "ann", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SUPPRESSED, entry(p, "m1").state());
            assertEquals(DeliveryReason.SUPPRESSED_ADDRESS, entry(p, "m1").reason());
            assertTrue(mail.calls().isEmpty());
        }

        @Test
        void serviceMessagesNeedNoMarketingConsent() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m2", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SENT, entry(p, "m1").state());
            assertEquals(DeliveryReason.NO_CONSENT, entry(p, "m2").reason());
        }
    }

    @Nested
    class Events {

        @Test
        void stopReplySuppressesTheNumberAndRepeatsAreIgnored() {
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().build(), text);
            DeliveryEventStore events = DeliveryEventStore.inMemory();
            DeliveryEventHandler handler = DeliveryEventHandler.of(events, p);
            grantAll(p.consents(), "c1", MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m1", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SENT, entry(p, "m1").state());

            DeliveryEvent stop = DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP,
                    sms("m1", "c1", Purpose.MARKETING).recipient(), MORNING.plusSeconds(60));
            handler.onEvent(stop);
            handler.onEvent(stop);
            assertEquals(1, events.all().size());
            assertEquals(Suppression.Reason.STOP,
                    p.suppressions().find(sms("m1", "c1", Purpose.MARKETING).recipient()).orElseThrow().reason());

            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m2", "c1", Purpose.MARKETING)), MORNING.plusSeconds(120));
            p.dispatch(MORNING.plusSeconds(120));
            assertEquals(DeliveryReason.SUPPRESSED_ADDRESS, entry(p, "m2").reason());
            assertEquals(1, text.calls().size());
        }

        @Test
        void aStopWhoseSuppressionFailedIsHonouredWhenTheProviderRedeliversIt() {
            SuppressionStore real = SuppressionStore.inMemory();
            boolean[] failed = {false};
            SuppressionStore flaky = new SuppressionStore() {
                @Override
                public boolean suppress(Suppression s) {
                    if (!failed[0]) {
                        failed[0] = true;
                        throw new IllegalStateException("suppressing an address failed (database blip)");
                    }
                    return real.suppress(s);
                }

                @Override
                public Optional<Suppression> find(Address a) {
                    return real.find(a);
                }

                @Override
                public boolean lift(Address a) {
                    return real.lift(a);
                }
            };
            DeliveryEventStore events = DeliveryEventStore.inMemory();
            DeliveryEventHandler handler = DeliveryEventHandler.of(events, flaky, OutboxStore.inMemory());
            Address phone = new Address.Phone("+447700900123");
            DeliveryEvent stop = DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP, phone, MORNING);
            handler.onEvent(stop);   // the failure is logged, not thrown at the provider's callback
            assertTrue(real.find(phone).isEmpty());
            handler.onEvent(stop);   // the provider's redelivery
            assertEquals(Suppression.Reason.STOP, real.find(phone).orElseThrow().reason());
            assertEquals(1, events.all().size());
        }

        @Test
        void aStopRedeliveredAfterTheCustomerOptedBackInDoesNotSuppressAgain() {
            SuppressionStore suppressions = SuppressionStore.inMemory();
            DeliveryEventStore events = DeliveryEventStore.inMemory();
            DeliveryEventHandler handler = DeliveryEventHandler.of(events, suppressions, OutboxStore.inMemory());
            Address phone = new Address.Phone("+447700900123");
            DeliveryEvent stop = DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP, phone, MORNING);
            handler.onEvent(stop);
            assertTrue(suppressions.lift(phone));   // the customer sent START
            handler.onEvent(stop);                  // the provider retries the old webhook
            assertTrue(suppressions.find(phone).isEmpty(), "an event already handled suppressed a lifted address");
            assertEquals(1, events.all().size());
        }

        @Test
        void hardBounceNamedOnlyByProviderIdSuppressesTheMessagesAddress() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().build(), mail);
            DeliveryEventHandler handler = DeliveryEventHandler.of(DeliveryEventStore.inMemory(), p);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);
            p.dispatch(MORNING);
            String providerId = entry(p, "m1").providerId().orElseThrow();
            handler.onEvent(DeliveryEvent.forProviderId(DeliveryEvent.Type.HARD_BOUNCE, Channel.EMAIL, providerId,
                    MORNING.plusSeconds(30)));
            handler.onEvent(DeliveryEvent.forProviderId(DeliveryEvent.Type.OPENED, Channel.EMAIL, providerId,
                    MORNING.plusSeconds(40)));
            assertEquals(Suppression.Reason.HARD_BOUNCE,
                    p.suppressions().find(email("m1", "c1", Purpose.SERVICE).recipient()).orElseThrow().reason());
        }
    }

    @Nested
    class Outcomes {

        @Test
        void unknownOutcomeIsNeverResentToAProviderThatCannotDeduplicate() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.TIMEOUT_TAKEN);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);
            for (int i = 0; i < 5; i++) {
                p.dispatch(MORNING.plus(Duration.ofHours(i)));
            }
            assertEquals(1, mail.calls().size());
            assertEquals(1, p.reconcile().count(DeliveryState.UNKNOWN_OUTCOME, DeliveryReason.NO_ANSWER));
        }

        @Test
        void unknownOutcomeIsResentWithTheSameKeyWhenTheProviderDeduplicates() {
            int[] calls = {0};
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true),
                    m -> calls[0]++ == 0 ? Fault.TIMEOUT_TAKEN : Fault.ACCEPT);
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().build(), text);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m1", "c1", Purpose.SERVICE)), MORNING);
            p.dispatch(MORNING);
            p.dispatch(entry(p, "m1").dueAt());
            assertEquals(DeliveryState.SENT, entry(p, "m1").state());
            assertEquals(List.of("m1-sms", "m1-sms"), text.calls());
            assertEquals(1, text.received().size());
        }

        @Test
        void anExceptionFromTheAdapterIsAnUnknownOutcome() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.THROW);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryState.UNKNOWN_OUTCOME, entry(p, "m1").state());
        }

        @Test
        void throttlingHonoursRetryAfterAndRetriesEndInTheDeadLetters() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.THROTTLE);
            DeliveryPolicy policy = DeliveryPolicy.newBuilder().maxAttempts(3)
                    .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).build();
            DeliveryPipeline p = pipeline(policy, mail);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);
            Instant now = MORNING;
            for (int i = 0; i < 3; i++) {
                p.dispatch(now);
                if (i < 2) {
                    OutboxEntry e = entry(p, "m1");
                    assertEquals(DeliveryReason.RETRY, e.reason());
                    assertEquals(now.plus(FaultyAdapter.RETRY_AFTER), e.dueAt());
                    p.dispatch(e.dueAt().minusMillis(1));
                    assertEquals(i + 1, mail.calls().size(), "never retried before retry-after");
                    now = e.dueAt();
                }
            }
            assertEquals(1, p.reconcile().count(DeliveryState.DEAD_LETTERED, DeliveryReason.RETRIES_EXHAUSTED));
            assertEquals(3, mail.calls().size());
        }

        @Test
        void backoffGrowsExponentiallyWithJitterWithinBounds() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.SERVER_ERROR);
            DeliveryPolicy policy = DeliveryPolicy.newBuilder().maxAttempts(6)
                    .backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)).build();
            DeliveryPipeline p = pipeline(policy, mail);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);
            Instant now = MORNING;
            long[] base = {10, 20, 40, 60, 60};
            for (long b : base) {
                p.dispatch(now);
                Duration wait = Duration.between(now, entry(p, "m1").dueAt());
                assertTrue(wait.compareTo(Duration.ofSeconds(b).dividedBy(2)) >= 0
                        && wait.compareTo(Duration.ofSeconds(b)) <= 0, "wait " + wait + " for base " + b);
                now = entry(p, "m1").dueAt();
            }
        }

        @Test
        void duplicateIdempotencyKeyIsSuppressedAndEnqueueIsIdempotent() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            OutboundMessage first = OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE));
            assertTrue(p.enqueue(first, MORNING));
            assertFalse(p.enqueue(first, MORNING));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE).toBuilder().id("m2").build()),
                    MORNING);
            p.dispatch(MORNING);
            Reconciliation r = p.reconcile();
            assertEquals(2, r.enqueued());
            assertEquals(1, r.count(DeliveryState.SENT));
            assertEquals(1, r.count(DeliveryState.SUPPRESSED, DeliveryReason.DUPLICATE));
            assertEquals(1, mail.calls().size());
        }
    }

    @Nested
    class Pacing {

        @Test
        void batchesRespectMaxBatchAndTheRateLimitPacesTheRest() {
            Capabilities caps = Capabilities.of(Channel.EMAIL).withMaxBatch(3).withRateLimit(4, Duration.ofMinutes(1));
            FaultyAdapter mail = new FaultyAdapter(caps, m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(smsEvenings(), mail);
            List<String> ids = Fixtures.ids(10);
            for (String id : ids) {
                p.enqueue(OutboundMessage.of("c-" + id, SHANGHAI, email(id, "c-" + id, Purpose.SERVICE)), MORNING);
            }
            p.dispatch(MORNING);
            assertEquals(List.of(3, 1), mail.requestSizes());
            assertEquals(6, p.reconcile().count(DeliveryState.QUEUED, DeliveryReason.RATE_LIMITED));
            assertEquals(MORNING.plusSeconds(15), entry(p, "m9").dueAt());

            Instant end = Fixtures.drain(p, List.of(mail), ids, MORNING, 100);
            assertEquals(10, p.reconcile().count(DeliveryState.SENT));
            assertTrue(Duration.between(MORNING, end).compareTo(Duration.ofSeconds(90)) >= 0,
                    "10 messages at 4 per minute (a full bucket of 4 first) take at least 90 s, took "
                            + Duration.between(MORNING, end));
        }
    }

    @Nested
    class SlowRounds {

        @Test
        void aWindowClosingWhileTheRoundSendsDefersTheMessagesNotYetSent() {
            // Each SMS request takes ten minutes by the pipeline's ticker; the round starts at 20:55 in Shanghai.
            long[] nanos = {0};
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, false).withMaxSendDuration(
                    Duration.ofMinutes(11)), m -> {
                nanos[0] += Duration.ofMinutes(10).toNanos();
                return Fault.ACCEPT;
            });
            DeliveryPipeline p = DeliveryPipeline.newBuilder().policy(DeliveryPolicy.newBuilder()
                    .sendWindow(Channel.SMS, SendWindow.of(LocalTime.of(19, 0), LocalTime.of(21, 0)))
                    .lease(Duration.ofHours(1)).build()).adapter(text).ticker(() -> nanos[0]).build();
            Instant evening = ZonedDateTime.of(2026, 5, 4, 20, 55, 0, 0, SHANGHAI).toInstant();
            for (String id : List.of("m1", "m2", "m3")) {
                p.enqueue(OutboundMessage.of("c-" + id, SHANGHAI, sms(id, "c-" + id, Purpose.SERVICE)), evening);
            }
            p.dispatch(evening);
            // m1 went out at 20:55; by the ticker it is 21:05 when m2's turn comes, after the window closed.
            assertEquals(1, text.calls().size(), text.calls().toString());
            assertEquals(DeliveryState.SENT, entry(p, "m1").state());
            for (String id : List.of("m2", "m3")) {
                OutboxEntry deferred = entry(p, id);
                assertEquals(DeliveryState.DEFERRED, deferred.state(), id);
                assertEquals(DeliveryReason.OUTSIDE_SEND_WINDOW, deferred.reason(), id);
                assertEquals(ZonedDateTime.of(2026, 5, 5, 19, 0, 0, 0, SHANGHAI).toInstant(), deferred.dueAt(), id);
            }
            assertTrue(p.reconcile().balances());
        }
    }

    @Nested
    class MidRound {

        @Test
        void aStopHandledWhileTheRoundSendsStopsTheMessagesStillToGoToThatNumber() {
            DeliveryEventHandler[] handler = new DeliveryEventHandler[1];
            Message toStop = sms("m3", "c3", Purpose.SERVICE);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, false), m -> {
                if (m.id().equals("m1")) {
                    // While m1's request runs, the customer of m3 replies STOP to an earlier message.
                    handler[0].onEvent(DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP, toStop.recipient(),
                            MORNING));
                }
                return Fault.ACCEPT;
            });
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().build(), text);
            handler[0] = DeliveryEventHandler.of(DeliveryEventStore.inMemory(), p);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m1", "c1", Purpose.SERVICE)), MORNING);
            p.enqueue(OutboundMessage.of("c2", SHANGHAI, sms("m2", "c2", Purpose.SERVICE)), MORNING);
            p.enqueue(OutboundMessage.of("c3", SHANGHAI, toStop), MORNING);
            p.dispatch(MORNING);
            assertEquals(List.of("m1-sms", "m2-sms"), text.calls());
            assertEquals(DeliveryState.SUPPRESSED, entry(p, "m3").state());
            assertEquals(DeliveryReason.SUPPRESSED_ADDRESS, entry(p, "m3").reason());
            assertTrue(p.reconcile().balances());
        }
    }

    @Nested
    class Leases {

        @Test
        void aWorkerThatLosesItsLeaseMidSendCannotCauseASecondSend() {
            OutboxStore outbox = OutboxStore.inMemory();
            DeliveryPolicy policy = DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build();
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.SLOW);
            DeliveryPipeline a = DeliveryPipeline.newBuilder().outbox(outbox).policy(policy).adapter(mail)
                    .workerId("a").build();
            DeliveryPipeline b = DeliveryPipeline.newBuilder().outbox(outbox).policy(policy).adapter(mail)
                    .workerId("b").build();
            mail.duringSlowSend = () -> b.dispatch(MORNING.plus(Duration.ofMinutes(2)));
            a.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)), MORNING);

            a.dispatch(MORNING);
            OutboxEntry e = outbox.find("m1").orElseThrow();
            assertEquals(DeliveryState.UNKNOWN_OUTCOME, e.state(), "worker b saw an open attempt it cannot resend");
            assertEquals(1, mail.calls().size());
            assertTrue(outbox.reconcile().balances());
        }

        @Test
        void aLeaseThatCannotCoverOneRequestIsRefusedAtBuild() {
            FaultyAdapter slow = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false)
                    .withMaxSendDuration(Duration.ofMinutes(2)), m -> Fault.ACCEPT);
            DeliveryPipeline.Builder b = DeliveryPipeline.newBuilder()
                    .policy(DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(2)).build()).adapter(slow);
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, b::build);
            assertTrue(e.getMessage().contains("PT2M") && e.getMessage().contains("maxSendDuration")
                    && e.getMessage().contains("at least PT2M14S"), e.getMessage());
            DeliveryPipeline.newBuilder().policy(DeliveryPolicy.newBuilder().lease(Duration.ofSeconds(134)).build())
                    .adapter(slow).build();
        }

        @Test
        void aRoundClaimsNoMoreThanItsLeaseCanCover() {
            // A 1-minute lease budgets 54 s for requests: two of up to 20 s each fit, a third might outlive the lease.
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false)
                    .withMaxSendDuration(Duration.ofSeconds(20)), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build(), mail);
            List<String> ids = Fixtures.ids(5);
            for (String id : ids) {
                p.enqueue(OutboundMessage.of("c-" + id, SHANGHAI, email(id, "c-" + id, Purpose.SERVICE)), MORNING);
            }
            DispatchReport first = p.dispatch(MORNING);
            assertEquals(2, first.claimed());
            assertEquals(2, first.moved(DeliveryState.SENT));
            assertEquals(3, p.reconcile().count(DeliveryState.QUEUED, DeliveryReason.NEW));
            Fixtures.drain(p, List.of(mail), ids, MORNING, 10);
            assertEquals(5, mail.calls().size());
        }

        @Test
        void aRoundHandsBackWhatItsLeaseCannotCoverDueAtOnce() {
            // Two requests of up to 20 s fit the budget; batches of 3 let the round claim 6, but one e-mail and five
            // SMS need three requests: the last two SMS go back.
            Capabilities caps = Capabilities.of(Channel.EMAIL).withMaxBatch(3).withMaxSendDuration(Duration.ofSeconds(20));
            FaultyAdapter mail = new FaultyAdapter(caps, m -> Fault.ACCEPT);
            FaultyAdapter text = new FaultyAdapter(Capabilities.of(Channel.SMS).withMaxBatch(3)
                    .withMaxSendDuration(Duration.ofSeconds(20)), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build(), mail, text);
            List<String> ids = Fixtures.ids(6);
            p.enqueue(OutboundMessage.of("c-m0", SHANGHAI, email("m0", "c-m0", Purpose.SERVICE)), MORNING);
            for (String id : ids.subList(1, 6)) {
                p.enqueue(OutboundMessage.of("c-" + id, SHANGHAI, sms(id, "c-" + id, Purpose.SERVICE)), MORNING);
            }
            DispatchReport first = p.dispatch(MORNING);
            assertEquals(6, first.claimed());
            assertEquals(4, first.moved(DeliveryState.SENT));
            assertEquals(List.of(1), mail.requestSizes());
            assertEquals(List.of(3), text.requestSizes());
            assertEquals(2, p.reconcile().count(DeliveryState.QUEUED, DeliveryReason.RELEASED));
            assertEquals(MORNING, entry(p, "m5").dueAt(), "due at once: no lease to wait out");
            p.dispatch(MORNING);
            assertEquals(6, p.reconcile().count(DeliveryState.SENT));
            assertTrue(p.reconcile().balances());
        }

        @Test
        void anExpiredLeaseWithoutAnAttemptIsSimplyRequeued() {
            OutboxStore outbox = OutboxStore.inMemory();
            outbox.enqueue(OutboxEntry.queued(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.SERVICE)),
                    MORNING));
            outbox.claim(MORNING, "dead-worker", MORNING.plusSeconds(60), 10);
            assertEquals(1, outbox.reconcile().count(DeliveryState.IN_FLIGHT));
            assertEquals(0, outbox.releaseExpired(MORNING.plusSeconds(59)));
            assertEquals(1, outbox.releaseExpired(MORNING.plusSeconds(60)));
            assertEquals(1, outbox.reconcile().count(DeliveryState.QUEUED, DeliveryReason.LEASE_EXPIRED));
            assertFalse(outbox.complete("m1", "dead-worker", "p-1", MORNING.plusSeconds(61)));
        }
    }

    @Nested
    class Caps {

        private DeliveryPolicy oneMarketingMessageAWeek() {
            return DeliveryPolicy.newBuilder().frequencyCap(FrequencyCap.acrossChannels(1, Duration.ofDays(7))).build();
        }

        @Test
        void aRateLimitedMessageThenSuppressedDoesNotDeferAnotherMessageToTheSameCustomer() {
            Capabilities caps = Capabilities.of(Channel.EMAIL).withRateLimit(1, Duration.ofHours(1));
            FaultyAdapter mail = new FaultyAdapter(caps, m -> Fault.ACCEPT);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(oneMarketingMessageAWeek(), mail, text);
            grantAll(p.consents(), "c1", MORNING.minusSeconds(60));
            p.enqueue(OutboundMessage.of("c0", SHANGHAI, email("m0", "c0", Purpose.SERVICE)), MORNING.minusSeconds(1));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(DeliveryState.SENT, entry(p, "m0").state());
            assertEquals(DeliveryReason.RATE_LIMITED, entry(p, "m1").reason(), "m1 was counted, then paced");

            p.consents().append(ConsentEntry.withdrawn("c1", Channel.EMAIL, Purpose.MARKETING, MORNING.plusSeconds(5),
                    "v1", "preference centre"));
            Instant later = entry(p, "m1").dueAt();
            p.dispatch(later);
            assertEquals(DeliveryReason.CONSENT_WITHDRAWN, entry(p, "m1").reason());

            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m2", "c1", Purpose.MARKETING)), later);
            p.dispatch(later);
            assertEquals(DeliveryState.SENT, entry(p, "m2").state(), "m1 was never sent: " + entry(p, "m2").detail());
            assertEquals(1, mail.calls().size());
        }

        @Test
        void aCountLeftByADeadWorkerIsReleasedWhenTheMessageIsThenSuppressed() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
            DeliveryPipeline p = pipeline(oneMarketingMessageAWeek(), mail, text);
            grantAll(p.consents(), "c1", MORNING.minusSeconds(60));
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            // A worker claimed m1, passed its policies and counted it, then died before recording an attempt.
            p.outbox().claim(MORNING, "dead-worker", MORNING.plusSeconds(60), 10);
            p.frequency().record("m1", "c1", Channel.EMAIL, MORNING);
            p.consents().append(ConsentEntry.withdrawn("c1", Channel.EMAIL, Purpose.MARKETING, MORNING.plusSeconds(5),
                    "v1", "preference centre"));

            Instant later = MORNING.plusSeconds(60);
            p.dispatch(later);
            assertEquals(DeliveryReason.CONSENT_WITHDRAWN, entry(p, "m1").reason());
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m2", "c1", Purpose.MARKETING)), later);
            p.dispatch(later);
            assertEquals(DeliveryState.SENT, entry(p, "m2").state(), "m1 was never sent: " + entry(p, "m2").detail());
            assertTrue(mail.calls().isEmpty());
        }

        @Test
        void capsDeferToWhenTheOldestSendLeavesTheRollingWindow() {
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
            FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
            DeliveryPolicy policy = DeliveryPolicy.newBuilder()
                    .frequencyCap(FrequencyCap.perChannel(Channel.EMAIL, 1, Duration.ofDays(1)))
                    .frequencyCap(FrequencyCap.acrossChannels(2, Duration.ofDays(7))).build();
            DeliveryPipeline p = pipeline(policy, mail, text);
            grantAll(p.consents(), "c1", MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m1", "c1", Purpose.MARKETING)), MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, email("m2", "c1", Purpose.MARKETING)), MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m3", "c1", Purpose.MARKETING)), MORNING);
            p.enqueue(OutboundMessage.of("c1", SHANGHAI, sms("m4", "c1", Purpose.MARKETING)), MORNING);
            p.dispatch(MORNING);
            assertEquals(2, p.reconcile().count(DeliveryState.SENT));
            assertEquals(MORNING.plus(Duration.ofDays(1)), entry(p, "m2").dueAt());
            assertEquals(MORNING.plus(Duration.ofDays(7)), entry(p, "m4").dueAt());
        }
    }
}
