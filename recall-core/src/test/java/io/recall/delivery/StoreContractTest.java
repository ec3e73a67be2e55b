package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;
import io.recall.delivery.internal.Codec;
import io.recall.testing.Databases;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.recall.delivery.Fixtures.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same contract for the in-memory stores and the JDBC stores on embedded H2 and a real PostgreSQL. */
class StoreContractTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00.123456789Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** One set of stores. */
    record Stores(String name, OutboxStore outbox, SuppressionStore suppressions, ConsentLedger consents,
                  FrequencyStore frequency, DeliveryEventStore events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Supplier<Stores>> stores() {
        Supplier<Stores> memory = named("in-memory", () -> new Stores("in-memory", OutboxStore.inMemory(),
                SuppressionStore.inMemory(), ConsentLedger.inMemory(), FrequencyStore.inMemory(),
                DeliveryEventStore.inMemory()));
        return Stream.of(memory, jdbc("h2", Databases::h2), jdbc("postgresql", () -> Databases.pooled(Databases.postgres())));
    }

    private static Supplier<Stores> jdbc(String name, Supplier<DataSource> database) {
        return named(name, () -> {
            JdbcStores j = JdbcStores.migrate(database.get(), T0);
            return new Stores(name, j.outbox(), j.suppressions(), j.consents(), j.frequency(), j.events());
        });
    }

    static Stream<Supplier<DataSource>> databases() {
        return Stream.of(named("h2", Databases::h2), named("postgresql", () -> Databases.pooled(Databases.postgres())));
    }

    /** A supplier that JUnit names after the store it makes. */
    static <T> Supplier<T> named(String name, Supplier<T> make) {
        return new Supplier<>() {
            @Override
            public T get() {
                return make.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static OutboxEntry queued(String id) {
        return OutboxEntry.queued(Fixtures.emailThenSms(id, "c1", ZONE, Purpose.MARKETING), T0);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void enqueueIsIdempotentAndEntriesRoundTrip(Supplier<Stores> s) {
        OutboxStore outbox = s.get().outbox();
        assertTrue(outbox.enqueue(queued("m1")));
        assertFalse(outbox.enqueue(queued("m1")));
        assertEquals(queued("m1"), outbox.find("m1").orElseThrow());
        assertEquals(1, outbox.reconcile().count(DeliveryState.QUEUED, DeliveryReason.NEW));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void onlyTheLeaseHolderChangesAClaimedEntry(Supplier<Stores> s) {
        OutboxStore outbox = s.get().outbox();
        outbox.enqueue(queued("m1"));
        outbox.enqueue(OutboxEntry.queued(Fixtures.emailThenSms("m2", "c1", ZONE, Purpose.MARKETING), T0.plusSeconds(5)));
        List<OutboxEntry> claimed = outbox.claim(T0, "a", T0.plusSeconds(60), 10);
        assertEquals(List.of("m1"), claimed.stream().map(OutboxEntry::id).toList(), "m2 is not due yet");
        assertTrue(outbox.claim(T0, "b", T0.plusSeconds(60), 10).isEmpty(), "a claimed entry is not claimed twice");

        Attempt attempt = new Attempt(1, Channel.EMAIL, "m1-email", "a", T0);
        assertFalse(outbox.recordAttempt("m1", "b", attempt, T0));
        assertTrue(outbox.recordAttempt("m1", "a", attempt, T0));
        assertEquals(Optional.of(attempt), outbox.find("m1").orElseThrow().openAttempt());

        assertEquals(1, outbox.releaseExpired(T0.plusSeconds(60)));
        OutboxEntry released = outbox.find("m1").orElseThrow();
        assertEquals(DeliveryReason.LEASE_EXPIRED, released.reason());
        assertEquals(Optional.of(attempt), released.openAttempt(), "the next worker must see the open attempt");
        assertFalse(outbox.complete("m1", "a", "p-1", T0.plusSeconds(61)), "a lost lease changes nothing");

        outbox.claim(T0.plusSeconds(61), "b", T0.plusSeconds(120), 10);
        assertTrue(outbox.settleAttempt("m1", "b", T0.plusSeconds(61)));
        assertTrue(outbox.reschedule("m1", "b", DeliveryState.QUEUED, DeliveryReason.FALLBACK, "email refused",
                T0.plusSeconds(61), 1, T0.plusSeconds(61)));
        OutboxEntry fallback = outbox.find("m1").orElseThrow();
        assertEquals(1, fallback.step());
        assertEquals(0, fallback.stepAttempts());
        assertEquals(1, fallback.totalAttempts());

        outbox.claim(T0.plusSeconds(62), "b", T0.plusSeconds(120), 1);
        assertTrue(outbox.complete("m1", "b", "p-9", T0.plusSeconds(62)));
        assertEquals("m1", outbox.findByProviderId(Channel.SMS, "p-9").orElseThrow().id());
        assertTrue(outbox.findByProviderId(Channel.EMAIL, "p-9").isEmpty());
        Reconciliation r = outbox.reconcile();
        assertTrue(r.balances(), r::toString);
        assertEquals(1, r.count(DeliveryState.SENT, DeliveryReason.ACCEPTED));
        assertEquals(1, r.count(DeliveryState.IN_FLIGHT, DeliveryReason.CLAIMED), "m2, claimed at T0 + 61 s");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void idempotencyKeysBelongToOneEntry(Supplier<Stores> s) {
        OutboxStore outbox = s.get().outbox();
        outbox.enqueue(queued("m1"));
        assertTrue(outbox.reserveIdempotencyKey(Channel.EMAIL, "k", "m1"));
        assertTrue(outbox.reserveIdempotencyKey(Channel.EMAIL, "k", "m1"));
        assertFalse(outbox.reserveIdempotencyKey(Channel.EMAIL, "k", "m2"));
        assertTrue(outbox.reserveIdempotencyKey(Channel.SMS, "k", "m2"));
        assertEquals("m1", outbox.findByIdempotencyKey(Channel.EMAIL, "k").orElseThrow().id());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUnsubscribedEmailAddressStaysSuppressedWhateverItsCase(Supplier<Stores> s) {
        SuppressionStore list = s.get().suppressions();
        assertTrue(list.suppress(new Suppression(new Address.Email("Ann@example.com"), Suppression.Reason.UNSUBSCRIBE,
                T0, "event UNSUBSCRIBE")));
        assertEquals(Suppression.Reason.UNSUBSCRIBE,
                list.find(new Address.Email("ann@example.com")).orElseThrow().reason());
        assertEquals(Suppression.Reason.UNSUBSCRIBE,
                list.find(new Address.Email("ANN@EXAMPLE.COM")).orElseThrow().reason());
        assertTrue(list.find(Address.AudienceMember.of(new Address.Email("ann@example.com"))).isEmpty(),
                "another channel is another list");
        assertFalse(list.suppress(new Suppression(new Address.Email("aNN@example.com"), Suppression.Reason.MANUAL,
                T0.plusSeconds(1), "ops")), "one suppression per canonical address");
        assertTrue(list.lift(new Address.Email("ann@Example.com")));
        assertTrue(list.find(new Address.Email("Ann@example.com")).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void phoneSuppressionsMatchTheE164NumberAsItIs(Supplier<Stores> s) {
        SuppressionStore list = s.get().suppressions();
        assertTrue(list.suppress(new Suppression(new Address.Phone("+447700900123"), Suppression.Reason.STOP, T0, "sms")));
        assertTrue(list.find(new Address.Phone("+447700900123")).isPresent());
        assertTrue(list.find(new Address.Phone("+447700900124")).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theFirstSuppressionIsKeptUntilLifted(Supplier<Stores> s) {
        SuppressionStore list = s.get().suppressions();
        Address a = new Address.Email("Ann@Example.com");
        assertTrue(list.suppress(new Suppression(a, Suppression.Reason.STOP, T0, "event")));
        assertFalse(list.suppress(new Suppression(a, Suppression.Reason.MANUAL, T0.plusSeconds(1), "ops")));
        assertEquals(new Suppression(a, Suppression.Reason.STOP, T0, "event"), list.find(a).orElseThrow());
        assertTrue(list.find(new Address.Email("bob@example.com")).isEmpty());
        assertTrue(list.lift(a));
        assertTrue(list.find(a).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theLatestConsentEntryAsOfAMomentIsInForce(Supplier<Stores> s) {
        ConsentLedger ledger = s.get().consents();
        ledger.append(ConsentEntry.granted("c1", Channel.SMS, Purpose.MARKETING, T0, "v1", "checkout"));
        ledger.append(ConsentEntry.withdrawn("c1", Channel.SMS, Purpose.MARKETING, T0.plusSeconds(60), "v1", "STOP"));
        ledger.append(ConsentEntry.granted("c1", Channel.SMS, Purpose.MARKETING, T0.plusSeconds(60), "v2", "web"));
        assertTrue(ledger.current("c1", Channel.SMS, Purpose.MARKETING, T0.minusSeconds(1)).isEmpty());
        assertEquals("checkout", ledger.current("c1", Channel.SMS, Purpose.MARKETING, T0.plusSeconds(59)).orElseThrow().source());
        assertEquals("web", ledger.current("c1", Channel.SMS, Purpose.MARKETING, T0.plusSeconds(60)).orElseThrow().source(),
                "at equal times the later appended entry wins");
        assertTrue(ledger.current("c1", Channel.EMAIL, Purpose.MARKETING, T0.plusSeconds(60)).isEmpty());
        assertEquals(3, ledger.history("c1").size());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void countedSendsAreOnePerKey(Supplier<Stores> s) {
        FrequencyStore f = s.get().frequency();
        f.record("m1", "c1", Channel.EMAIL, T0);
        f.record("m1", "c1", Channel.EMAIL, T0.plusSeconds(10));
        f.record("m2", "c1", Channel.SMS, T0.plusSeconds(5));
        f.record("m3", "c2", Channel.SMS, T0);
        assertEquals(List.of(new FrequencyStore.CountedSend("m2", Channel.SMS, T0.plusSeconds(5)),
                        new FrequencyStore.CountedSend("m1", Channel.EMAIL, T0.plusSeconds(10))),
                f.sendsSince("c1", Optional.empty(), T0));
        assertEquals(1, f.sendsSince("c1", Optional.of(Channel.SMS), T0).size());
        f.release("m2");
        assertEquals(1, f.sendsSince("c1", Optional.empty(), T0).size());
        assertTrue(f.sendsSince("c1", Optional.empty(), T0.plusSeconds(11)).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void tryAcquireCountsOnlyWhileEveryCapHasRoomAndIgnoresTheEntrysOwnSends(Supplier<Stores> s) {
        FrequencyStore f = s.get().frequency();
        List<FrequencyCap> caps = List.of(FrequencyCap.perChannel(Channel.EMAIL, 2, java.time.Duration.ofDays(1)),
                FrequencyCap.acrossChannels(3, java.time.Duration.ofDays(7)));
        assertEquals(Optional.empty(), f.tryAcquire("m1", "c1", Channel.EMAIL, T0, caps));
        assertEquals(Optional.empty(), f.tryAcquire("m2", "c1", Channel.EMAIL, T0.plusSeconds(1), caps));
        assertEquals(Optional.of(T0.plus(java.time.Duration.ofDays(1))),
                f.tryAcquire("m3", "c1", Channel.EMAIL, T0.plusSeconds(2), caps), "e-mail cap of 2 a day is full");
        assertEquals(Optional.empty(), f.tryAcquire("m2", "c1", Channel.EMAIL, T0.plusSeconds(2), caps),
                "an entry's own count is no rival: it moves");
        assertEquals(Optional.empty(), f.tryAcquire("m3", "c1", Channel.SMS, T0.plusSeconds(3), caps));
        assertEquals(Optional.of(T0.plus(java.time.Duration.ofDays(7))),
                f.tryAcquire("m4", "c1", Channel.SMS, T0.plusSeconds(4), caps), "3 a week across channels is full");
        assertEquals(3, f.sendsSince("c1", Optional.empty(), T0).size(), "a refused acquire counts nothing");
        assertEquals(Optional.empty(), f.tryAcquire("m5", "c2", Channel.EMAIL, T0, caps), "caps are per customer");
        f.release("m3");
        assertEquals(Optional.empty(), f.tryAcquire("m4", "c1", Channel.SMS, T0.plusSeconds(5), caps),
                "a released count frees its room");
        assertEquals(Optional.empty(), f.tryAcquire("m6", "c1", Channel.PUSH, T0.plusSeconds(6), List.of()),
                "no caps: always counted");
        assertEquals(4, f.sendsSince("c1", Optional.empty(), T0).size());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentAcquiresForOneCustomerNeverExceedACapOfOne(Supplier<Stores> s) throws Exception {
        FrequencyStore f = s.get().frequency();
        List<FrequencyCap> capOfOne = List.of(FrequencyCap.perChannel(Channel.EMAIL, 1, java.time.Duration.ofDays(1)));
        int workers = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            for (int round = 0; round < 10; round++) {
                String customer = "c" + round;
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(workers);
                List<java.util.concurrent.Future<Optional<Instant>>> results = new java.util.ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    String entry = customer + "-m" + w;
                    results.add(pool.submit(() -> {
                        start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        return f.tryAcquire(entry, customer, Channel.EMAIL, T0, capOfOne);
                    }));
                }
                int acquired = 0;
                for (java.util.concurrent.Future<Optional<Instant>> r : results) {
                    acquired += r.get(60, java.util.concurrent.TimeUnit.SECONDS).isEmpty() ? 1 : 0;
                }
                assertEquals(1, acquired, "round " + round + ": workers passing a cap of 1");
                assertEquals(1, f.sendsSince(customer, Optional.of(Channel.EMAIL), T0).size(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void repeatedEventsAreStoredOnceAndFoundAgain(Supplier<Stores> s) {
        DeliveryEventStore events = s.get().events();
        DeliveryEvent stop = DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP,
                new Address.Phone("+447700900123"), T0).withDetail("keyword", "STOP");
        assertFalse(events.contains(stop));
        assertTrue(events.append(stop));
        assertTrue(events.contains(stop));
        assertFalse(events.contains(stop.withDetail("keyword", "STOPP")), "another event");
        assertFalse(events.append(stop));
        assertTrue(events.append(DeliveryEvent.forProviderId(DeliveryEvent.Type.OPENED, Channel.EMAIL, "p-1", T0)));
        assertEquals(stop, events.all().get(0));
        assertEquals(2, events.all().size());
    }

    @Test
    void messagesWithEveryKindOfVariableAndAddressRoundTrip() {
        Message m = email("m1", "c1", Purpose.SERVICE).toBuilder()
                .variable("points", new Variable.Decimal(new BigDecimal("12.50")))
                .variable("saving", new Variable.Money(new BigDecimal("5.00"), Currency.getInstance("EUR")))
                .variable("until", new Variable.Date(LocalDate.of(2026, 6, 1)))
                .variable("at", new Variable.DateTime(ZonedDateTime.of(2026, 6, 1, 9, 0, 0, 0, ZONE)))
                .variable("link", new Variable.Link(URI.create("https://shop.example/c?x=1")))
                .variable("vip", new Variable.Flag(true))
                .variable("items", new Variable.Items(List.of(Map.of("name", new Variable.Text("Tea")))))
                .metadata("campaign", "spring").locale(Locale.forLanguageTag("zh-Hans-CN")).build();
        List<Address> addresses = List.of(new Address.PushToken("tok123456", Address.PushToken.Platform.IOS),
                new Address.Webhook(URI.create("https://hooks.example/x")),
                new Address.CallbackEntry(new Address.Phone("+8613800138000"), ZoneId.of("Asia/Shanghai")),
                Address.AudienceMember.of(new Address.Email("a@b.example")),
                new Address.Custom(Channel.of("wechat"), "wx-user-1"));
        assertEquals(List.of(m), Codec.plan(Codec.plan(List.of(m))));
        for (Address a : addresses) {
            assertEquals(a, Codec.address(Codec.address(a)));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aHostEnqueuesInItsOwnTransaction(Supplier<DataSource> database) throws Exception {
        DataSource ds = database.get();
        JdbcStores stores = JdbcStores.migrate(ds, T0);
        JdbcStores.migrate(ds, T0);
        OutboundMessage rolledBack = OutboundMessage.of("c1", ZONE, email("m1", "c1", Purpose.SERVICE));
        OutboundMessage committed = OutboundMessage.of("c1", ZONE, email("m2", "c1", Purpose.SERVICE));
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            assertTrue(JdbcStores.enqueue(c, rolledBack, T0));
            c.rollback();
            assertTrue(JdbcStores.enqueue(c, committed, T0));
            c.commit();
        }
        OutboxStore outbox = stores.outbox();
        assertTrue(outbox.find("m1").isEmpty());
        assertTrue(outbox.find("m2").isPresent());
        assertEquals(1, outbox.reconcile().enqueued());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDuplicateEnqueueLeavesTheHostsTransactionUsable(Supplier<DataSource> database) throws Exception {
        DataSource ds = database.get();
        JdbcStores stores = JdbcStores.migrate(ds, T0);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            assertTrue(JdbcStores.enqueue(c, OutboundMessage.of("c1", ZONE, email("m1", "c1", Purpose.SERVICE)), T0));
            assertFalse(JdbcStores.enqueue(c, OutboundMessage.of("c1", ZONE, email("m1", "c1", Purpose.SERVICE)), T0));
            // On PostgreSQL a unique-key violation would have aborted the transaction: this would fail.
            assertTrue(JdbcStores.enqueue(c, OutboundMessage.of("c1", ZONE, email("m2", "c1", Purpose.SERVICE)), T0));
            c.commit();
        }
        assertEquals(2, stores.outbox().reconcile().enqueued());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theLatestConsentEntryIsFoundWhateverItsTime(Supplier<Stores> s) {
        ConsentLedger ledger = s.get().consents();
        ledger.append(ConsentEntry.granted("c1", Channel.SMS, Purpose.MARKETING, T0, "v1", "checkout"));
        ledger.append(ConsentEntry.withdrawn("c1", Channel.SMS, Purpose.MARKETING, T0.plusSeconds(3600), "v1", "STOP"));
        ledger.append(ConsentEntry.granted("c1", Channel.SMS, Purpose.SERVICE, T0.plusSeconds(7200), "v1", "desk"));
        assertEquals(ConsentEntry.Decision.WITHDRAWN,
                ledger.latest("c1", Channel.SMS, Purpose.MARKETING).orElseThrow().decision());
        assertEquals(ConsentEntry.Decision.GRANTED,
                ledger.current("c1", Channel.SMS, Purpose.MARKETING, T0).orElseThrow().decision());
        assertTrue(ledger.latest("c1", Channel.EMAIL, Purpose.MARKETING).isEmpty());
        assertTrue(ledger.latest("c2", Channel.SMS, Purpose.MARKETING).isEmpty());
    }

    @Test
    void aSuppressionWrittenBeforeCanonicalKeysStillSuppressesItsAddress() throws Exception {
        DataSource ds = H2.dataSource();
        SuppressionStore list = JdbcStores.migrate(ds, T0).suppressions();
        Address ann = new Address.Email("Ann@example.com");
        try (Connection c = ds.getConnection()) {
            // The old key: the hash of the address exactly as given.
            try (var ps = c.prepareStatement("INSERT INTO recall_suppression (channel, address_hash, address, reason, at,"
                    + " source) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, "email");
                ps.setString(2, Codec.sha256(Codec.address(ann)));
                ps.setString(3, Codec.address(ann));
                ps.setString(4, "UNSUBSCRIBE");
                ps.setLong(5, 0L);
                ps.setString(6, "legacy");
                ps.executeUpdate();
            }
        }
        assertEquals(Suppression.Reason.UNSUBSCRIBE, list.find(ann).orElseThrow().reason());
        assertFalse(list.suppress(new Suppression(ann, Suppression.Reason.MANUAL, T0, "ops")), "already suppressed");
        assertTrue(list.lift(ann));
        assertTrue(list.find(ann).isEmpty());
    }
}
