package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import io.recall.delivery.FaultyAdapter.Received;
import io.recall.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several workers on real threads share one outbox, in memory, on H2 and on PostgreSQL (where claims skip
 * locked rows): every message is claimed, sent and held exactly once.
 */
class ConcurrentWorkersTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-memory", "h2", "postgresql", "h2 outbox, in-memory ledger", "postgresql outbox, in-memory ledger"})
    void fourWorkersSendEveryMessageOnce(String storage) throws Exception {
        OutboxStore outbox;
        FrequencyStore frequency;
        ConsentLedger consents;
        SuppressionStore suppressions;
        if (!storage.equals("in-memory")) {
            JdbcStores jdbc = JdbcStores.migrate(storage.startsWith("h2") ? Databases.h2() : Databases.pooled(Databases.postgres()), T0);
            outbox = jdbc.outbox();
            frequency = jdbc.frequency();
            if (storage.endsWith("in-memory ledger")) {
                // A ledger elsewhere: each attempt takes the one-by-one path (key, consent, attempt in turn).
                consents = ConsentLedger.inMemory();
                suppressions = SuppressionStore.inMemory();
            } else {
                // The ledger in the outbox's database: each attempt re-reads consent in the statement recording it.
                consents = jdbc.consents();
                suppressions = jdbc.suppressions();
            }
        } else {
            outbox = OutboxStore.inMemory();
            frequency = FrequencyStore.inMemory();
            consents = ConsentLedger.inMemory();
            suppressions = SuppressionStore.inMemory();
        }
        int[] calls = {0};
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false).withMaxBatch(5),
                m -> calls[0]++ % 7 == 3 ? Fault.SERVER_ERROR : Fault.ACCEPT);
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().claimLimit(7).backoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .maxAttempts(10).build();
        List<DeliveryPipeline> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(DeliveryPipeline.newBuilder().outbox(outbox).frequency(frequency).consents(consents)
                    .suppressions(suppressions).policy(policy).adapter(mail)
                    .workerId("w" + w).random(new Random(w)).build());
        }
        List<String> ids = Fixtures.ids(120);
        for (String id : ids) {
            workers.get(0).enqueue(OutboundMessage.of("c-" + id, ZoneId.of("UTC"),
                    Fixtures.email(id, "c-" + id, Purpose.SERVICE)), T0);
        }
        int rounds = 60;
        CyclicBarrier barrier = new CyclicBarrier(workers.size());
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (DeliveryPipeline worker : workers) {
            Thread t = new Thread(() -> {
                boolean failed = false;
                for (int r = 0; r < rounds; r++) {
                    try {
                        barrier.await();
                        if (!failed) {
                            worker.dispatch(T0.plusSeconds(5L * r));
                        }
                    } catch (Throwable e) {
                        // Keep meeting the barrier, so the other workers never wait for this one forever.
                        failures.add(e);
                        failed = true;
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "a worker failed: " + failures.peek());
        Reconciliation r = outbox.reconcile();
        assertTrue(r.balances(), r::toString);
        assertEquals(ids.size(), r.count(DeliveryState.SENT), r::toString);
        Set<String> keys = new HashSet<>();
        for (Received rec : mail.received()) {
            assertTrue(keys.add(rec.idempotencyKey()), "held twice: " + rec.idempotencyKey());
        }
        assertEquals(0, mail.resentAfterTaken());
    }
}
