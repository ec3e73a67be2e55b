package io.recall.delivery;

import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import io.recall.delivery.internal.Gcra;
import io.recall.testing.Databases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A channel's rate limit holds across every worker that shares a limiter, in one process or through the database. */
class RateLimitTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final int RATE = 5;

    /**
     * Four workers on real threads dispatch together at every simulated second. With the limiter in memory
     * they are built from one builder (as one process's workers are); with the JDBC limiter each has its own
     * builder, stores and limiter object, as separate processes would, and only the database joins them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-memory", "h2", "postgresql"})
    void fourWorkersTogetherSendAtMostTheLimitPerSimulatedSecond(String storage) throws Exception {
        Capabilities caps = Capabilities.of(Channel.EMAIL).withRateLimit(RATE, Duration.ofSeconds(1));
        AtomicInteger second = new AtomicInteger();
        Map<Integer, AtomicInteger> perSecond = new ConcurrentHashMap<>();
        FaultyAdapter mail = new FaultyAdapter(caps, m -> {
            perSecond.computeIfAbsent(second.get(), s -> new AtomicInteger()).incrementAndGet();
            return Fault.ACCEPT;
        });
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().claimLimit(2).build();
        List<DeliveryPipeline> workers = new ArrayList<>();
        OutboxStore outbox;
        if (storage.equals("in-memory")) {
            DeliveryPipeline.Builder oneProcess = DeliveryPipeline.newBuilder().policy(policy).adapter(mail);
            for (int w = 0; w < 4; w++) {
                workers.add(oneProcess.workerId("w" + w).random(new Random(w)).build());
            }
            outbox = workers.get(0).outbox();
        } else {
            javax.sql.DataSource ds = storage.equals("h2") ? Databases.h2() : Databases.pooled(Databases.postgres());
            JdbcStores.migrate(ds, T0);
            for (int w = 0; w < 4; w++) {
                JdbcStores process = JdbcStores.migrate(ds, T0);
                workers.add(DeliveryPipeline.newBuilder().policy(policy).adapter(mail).outbox(process.outbox())
                        .frequency(process.frequency()).rateLimiter(process.rateLimiter()).workerId("w" + w)
                        .random(new Random(w)).build());
            }
            outbox = workers.get(0).outbox();
        }
        int messages = 28;
        for (String id : Fixtures.ids(messages)) {
            outbox.enqueue(OutboxEntry.queued(OutboundMessage.of("c-" + id, ZoneId.of("UTC"),
                    Fixtures.email(id, "c-" + id, Purpose.SERVICE)), T0));
        }
        int seconds = 4;
        CyclicBarrier barrier = new CyclicBarrier(workers.size());
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            DeliveryPipeline worker = workers.get(w);
            boolean advances = w == 0;
            Thread t = new Thread(() -> {
                try {
                    for (int s = 0; s < seconds; s++) {
                        barrier.await();
                        worker.dispatch(T0.plusSeconds(s));
                        barrier.await();
                        if (advances) {
                            second.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    barrier.reset();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "a worker failed: " + failures.peek());
        perSecond.forEach((s, n) -> assertTrue(n.get() <= RATE, "second " + s + " had " + n + " sends: " + perSecond));
        Reconciliation r = outbox.reconcile();
        assertTrue(r.balances(), r::toString);
        assertEquals(RATE * seconds, r.count(DeliveryState.SENT), "the workers used the whole limit: " + perSecond);
        assertEquals(messages - RATE * seconds, r.count(DeliveryState.QUEUED), r::toString);
    }

    @Test
    void aNewBucketIsFullThenRefillsEvenly() {
        RateLimiter limiter = RateLimiter.inMemory();
        Capabilities.RateLimit four = new Capabilities.RateLimit(4, Duration.ofMinutes(1));
        assertEquals(new RateLimiter.Grant(4, T0.plusSeconds(15)), limiter.acquire("email", four, 10, T0));
        assertEquals(new RateLimiter.Grant(0, T0.plusSeconds(15)), limiter.acquire("email", four, 1, T0.plusSeconds(14)));
        assertEquals(1, limiter.acquire("email", four, 10, T0.plusSeconds(15)).permits());
        assertEquals(4, limiter.acquire("sms", four, 10, T0).permits(), "another bucket is another limit");
    }

    /** The token bucket's bound: in any span of d, at most messages + messages * d / per permits. */
    @Property(tries = 200)
    void noSpanGetsMorePermitsThanTheBucketAndItsRefill(@ForAll @IntRange(min = 1, max = 20) int messages,
                                                        @ForAll @IntRange(min = 1, max = 120) int perSeconds,
                                                        @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 5000) Integer> gapsMillis,
                                                        @ForAll @IntRange(min = 1, max = 30) int wanted) {
        Capabilities.RateLimit limit = new Capabilities.RateLimit(messages, Duration.ofSeconds(perSeconds));
        long[] at = new long[gapsMillis.size()];
        int[] granted = new int[gapsMillis.size()];
        OptionalLong tat = OptionalLong.empty();
        long now = 0;
        for (int i = 0; i < gapsMillis.size(); i++) {
            now += gapsMillis.get(i) * 1_000_000L;
            Gcra.Step step = Gcra.take(limit, tat, wanted, now);
            tat = OptionalLong.of(step.tat());
            at[i] = now;
            granted[i] = step.permits();
            assertTrue(step.nextAt() >= now);
        }
        long per = limit.per().toNanos();
        for (int i = 0; i < at.length; i++) {
            long sum = 0;
            for (int j = i; j < at.length; j++) {
                sum += granted[j];
                double bound = messages + (double) messages * (at[j] - at[i]) / per;
                assertTrue(sum <= bound + 1e-9, sum + " permits in " + (at[j] - at[i]) + " ns exceed " + bound);
            }
        }
    }
}
