package io.recall.journey;

import io.recall.channels.Channel;
import io.recall.testing.Databases;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.recall.journey.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract every {@link JourneyStore} keeps: in memory, on H2 and on PostgreSQL. */
class JourneyStoreContractTest {

    static Stream<Named<Supplier<JourneyStore>>> stores() {
        return Stream.of(Named.of("memory", JourneyStore::inMemory),
                Named.of("h2", () -> JourneyStore.jdbc(Databases.h2(), T0)),
                Named.of("postgresql", () -> JourneyStore.jdbc(Databases.pooled(Databases.postgres()), T0)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void factsAreRecordedOnceAndReadInTimeOrder(Supplier<JourneyStore> make) {
        JourneyStore s = make.get();
        Fact open = new Fact.MessageEvent("ann", "campaign:c:ann:initial:email", Fact.MessageKind.OPENED, T0.plusSeconds(60));
        Fact sent = new Fact.MessageEvent("ann", "campaign:c:ann:initial:email", Fact.MessageKind.SENT, T0);
        Fact stop = new Fact.Stop("ann", Channel.SMS, T0.plusSeconds(120));
        Fact order = new Fact.Purchase("ann", "o-1", T0.plusSeconds(30));
        Fact coupon = new Fact.CouponExpiry("bob", "C0DE", T0.plus(Duration.ofDays(9)));
        for (Fact f : List.of(open, sent, stop, order, coupon)) {
            assertTrue(s.record(f), f.toString());
        }
        assertFalse(s.record(new Fact.MessageEvent("ann", "campaign:c:ann:initial:email", Fact.MessageKind.OPENED,
                T0.plusSeconds(99))), "a resent open is the same fact");
        assertEquals(List.of(sent, order, open, stop), s.facts("ann"));
        assertEquals(List.of(coupon), s.facts("bob"));
        assertEquals(List.of(), s.facts("cy"));
        assertEquals(List.of("ann", "bob"), s.customers());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void instancesMoveByCompareAndSet(Supplier<JourneyStore> make) {
        JourneyStore s = make.get();
        JourneyInstance first = new JourneyInstance("j", "ann", 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0, 0, T0);
        assertTrue(s.insert(first));
        assertFalse(s.insert(first), "one instance per journey and customer");
        assertEquals(first, s.find("j", "ann").orElseThrow());
        assertTrue(s.find("j", "bob").isEmpty());
        assertTrue(s.find("k", "ann").isEmpty());

        Instant later = T0.plusSeconds(5);
        JourneyInstance moved = first.next("b", JourneyInstance.Status.ACTIVE, later.plusSeconds(3600), later);
        assertTrue(s.replace(moved));
        assertFalse(s.replace(moved), "the same version twice: the second writer loses");
        assertFalse(s.replace(first.next("c", JourneyInstance.Status.DONE, later, later)), "a stale version loses");
        assertEquals(moved, s.find("j", "ann").orElseThrow());
        assertFalse(s.replace(new JourneyInstance("j", "bob", 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0, 1, T0)),
                "nothing to replace");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void dueListsActiveInstancesOfOneJourneyEarliestFirst(Supplier<JourneyStore> make) {
        JourneyStore s = make.get();
        s.insert(new JourneyInstance("j", "late", 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0.plusSeconds(20), 0, T0));
        s.insert(new JourneyInstance("j", "early", 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0.plusSeconds(10), 0, T0));
        s.insert(new JourneyInstance("j", "future", 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0.plusSeconds(99), 0, T0));
        s.insert(new JourneyInstance("j", "done", 1, "a", JourneyInstance.Status.DONE, T0, T0, T0, 0, T0));
        s.insert(new JourneyInstance("k", "other", 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0, 0, T0));
        assertEquals(List.of("early", "late"), s.due("j", T0.plusSeconds(20), 10).stream()
                .map(JourneyInstance::customerId).toList());
        assertEquals(List.of("early"), s.due("j", T0.plusSeconds(20), 1).stream().map(JourneyInstance::customerId).toList());
        assertEquals(List.of(), s.due("j", T0, 10));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void batchReadsAgreeWithSingleReads(Supplier<JourneyStore> make) {
        JourneyStore s = make.get();
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            String c = "c" + i;
            customers.add(c);
            s.record(new Fact.Purchase(c, "o-" + i, T0.plusSeconds(i % 7)));
            if (i % 3 == 0) {
                s.record(new Fact.MessageEvent(c, "k-" + i, Fact.MessageKind.SENT, T0));
                s.insert(new JourneyInstance("j", c, 1, "a", JourneyInstance.Status.ACTIVE, T0, T0, T0, 0, T0));
            }
        }
        customers.add("nobody");
        java.util.Map<String, List<Fact>> facts = s.factsOf(customers);
        assertEquals(1203, facts.size(), "customers without facts are absent");
        for (String c : List.of("c0", "c1", "c600", "c1202")) {
            assertEquals(s.facts(c), facts.get(c), c);
        }
        java.util.Map<String, JourneyInstance> instances = s.findAll("j", customers);
        assertEquals(401, instances.size());
        assertEquals(s.find("j", "c999").orElseThrow(), instances.get("c999"));
        assertTrue(s.findAll("k", customers).isEmpty(), "another journey's instances are not these");
    }
}
