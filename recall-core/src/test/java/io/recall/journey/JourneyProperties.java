package io.recall.journey;

import io.recall.channels.Channel;
import io.recall.delivery.OutboxStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.recall.journey.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any sequence of facts and {@code advance} calls at random times, with crashes after random store writes
 * (followed by a restarted runner) and repeated advances, sends each message at most once, sends exactly what
 * a run without crashes sends, and every entry's messages follow a legal path of the journey.
 */
class JourneyProperties {

    private static final List<String> CUSTOMERS = List.of("ann", "bob", "cy");

    /** One step of a scenario; kind 0 purchase, 1 open of the entry's thanks, 2 STOP, 3.. advance. */
    record Op(int kind, String customer, int entry, long minutesLater, int crashOnWrite, boolean twice,
              boolean afterWrite) {
    }

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.of(CUSTOMERS),
                Arbitraries.integers().between(1, 3), Arbitraries.longs().between(0, 6 * 24 * 60),
                Arbitraries.integers().between(0, 6), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((k, c, e, m, crash, twice, after) -> new Op(k, c, e, m, crash, twice, after));
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150)
    void crashesAndRepeatsNeverDuplicateOrLoseASend(@ForAll("scenarios") List<Op> ops) {
        Result clean = run(ops, false);
        Result crashing = run(ops, true);
        assertEquals(clean.accepted.size(), new HashSet<>(clean.accepted).size(), "a key accepted twice");
        assertEquals(new HashSet<>(clean.accepted), new HashSet<>(crashing.accepted), "crashes changed what was sent");
        assertEquals(crashing.accepted.size(), new HashSet<>(crashing.accepted).size(), "a key accepted twice");
        legalPaths(crashing);
    }

    private record Result(List<String> accepted, Map<String, Integer> sentAt, Map<String, Integer> stoppedAt) {
    }

    private static Result run(List<Op> ops, boolean crash) {
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        Journey journey = Fixtures.followUp();
        JourneyRunner restarted = JourneyRunner.builder().journey(journey).store(store).outbox(outbox)
                .contacts(Fixtures::contact).build();
        // Op indexes: when each message was accepted and when each customer's first STOP was recorded.
        Map<String, Integer> sentAt = new HashMap<>();
        Map<String, Integer> stoppedAt = new HashMap<>();
        int index = 0;
        Instant now = T0;
        int order = 0;
        for (Op op : ops) {
            index++;
            now = now.plus(Duration.ofMinutes(op.minutesLater()));
            switch (op.kind()) {
                case 0 -> store.record(new Fact.Purchase(op.customer(), "o-" + order++, now));
                case 1 -> store.record(new Fact.MessageEvent(op.customer(), JourneyRunner.messageKey(journey.id(),
                        op.customer(), op.entry(), "thanks"), Fact.MessageKind.OPENED, now));
                case 2 -> {
                    store.record(new Fact.Stop(op.customer(), Channel.SMS, now));
                    stoppedAt.putIfAbsent(op.customer(), index);
                }
                default -> {
                    int before = outbox.accepted.size();
                    if (crash && op.crashOnWrite() > 0) {
                        JourneyRunner crashing = JourneyRunner.builder().journey(journey)
                                .store(new FailingStore(store, op.crashOnWrite(), op.afterWrite())).outbox(outbox)
                                .contacts(Fixtures::contact).build();
                        try {
                            crashing.advance(now);
                        } catch (FailingStore.Crash e) {
                            restarted.advance(now);
                        }
                    } else {
                        restarted.advance(now);
                    }
                    if (op.twice()) {
                        assertEquals(0, restarted.advance(now).enqueued(), "a second advance at once sent more");
                    }
                    for (String key : outbox.accepted.subList(before, outbox.accepted.size())) {
                        sentAt.put(key, index);
                    }
                }
            }
        }
        return new Result(List.copyOf(outbox.accepted), sentAt, stoppedAt);
    }

    // Per customer: entries numbered 1, 2, ... in order; within an entry "thanks" comes before "nudge";
    // nothing is sent by an advance after the customer's STOP was recorded.
    private static void legalPaths(Result r) {
        Map<String, List<String[]>> byCustomer = new HashMap<>();
        for (String key : r.accepted()) {
            String[] p = key.split(":"); // journey, id, customer, entry, step
            assertEquals(5, p.length, key);
            byCustomer.computeIfAbsent(p[2], c -> new ArrayList<>()).add(p);
            Integer stop = r.stoppedAt().get(p[2]);
            assertTrue(stop == null || r.sentAt().get(key) < stop, key + " sent after STOP");
        }
        for (List<String[]> keys : byCustomer.values()) {
            int entry = 0;
            Set<String> inEntry = new HashSet<>();
            for (String[] p : keys) {
                int e = Integer.parseInt(p[3]);
                if (e != entry) {
                    assertEquals(entry + 1, e, "entries in order");
                    entry = e;
                    inEntry.clear();
                }
                if (p[4].equals("nudge")) {
                    assertTrue(inEntry.contains("thanks"), "nudge without thanks in entry " + e);
                } else {
                    assertEquals("thanks", p[4]);
                    assertTrue(inEntry.isEmpty(), "thanks not first in entry " + e);
                }
                inEntry.add(p[4]);
            }
        }
    }
}
