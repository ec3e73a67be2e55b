package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliverySchedulerTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    // Guards against a hang only; no assertion depends on how long anything took.
    private static final long GUARD_SECONDS = 60;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static DeliveryPipeline pipeline(FaultyAdapter adapter, String worker) {
        return DeliveryPipeline.newBuilder().adapter(adapter).workerId(worker)
                .policy(DeliveryPolicy.newBuilder().backoff(Duration.ofMinutes(1), Duration.ofMinutes(1)).build()).build();
    }

    private static void enqueue(DeliveryPipeline p, List<String> ids) {
        for (String id : ids) {
            p.enqueue(OutboundMessage.of("c-" + id, ZoneId.of("UTC"), Fixtures.email(id, "c-" + id, Purpose.SERVICE)), T0);
        }
    }

    @Test
    void roundsRunAtTheClocksNowSoARetryWaitsForTheClockToMove() throws Exception {
        CountDownLatch retried = new CountDownLatch(1);
        int[] calls = {0};
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> {
            if (++calls[0] == 1) {
                return Fault.SERVER_ERROR;
            }
            retried.countDown();
            return Fault.ACCEPT;
        });
        DeliveryPipeline p = pipeline(mail, "w1");
        enqueue(p, List.of("m1"));
        ManualClock clock = new ManualClock(T0);
        try (DeliveryScheduler scheduler = DeliveryScheduler.start(List.of(p), clock, Duration.ofMillis(5))) {
            awaitTrue("m1 scheduled for a retry",
                    () -> p.outbox().find("m1").orElseThrow().reason() == DeliveryReason.RETRY);
            Instant due = p.outbox().find("m1").orElseThrow().dueAt();
            long roundsBefore = scheduler.rounds();
            awaitTrue("three more scheduler rounds", () -> scheduler.rounds() >= roundsBefore + 3);
            assertEquals(DeliveryReason.RETRY, p.outbox().find("m1").orElseThrow().reason(),
                    "rounds at the same clock reading do not retry early");
            clock.set(due);
            assertTrue(retried.await(GUARD_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(DeliveryState.SENT, p.outbox().find("m1").orElseThrow().state());
        assertEquals(2, mail.calls().size());
    }

    @Test
    void closeFinishesTheRequestUnderWayAndHandsBackTheRestOfTheClaim() throws Exception {
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.SLOW);
        mail.duringSlowSend = () -> {
            inSend.countDown();
            try {
                release.await(GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        DeliveryPipeline p = pipeline(mail, "w1");
        List<String> ids = Fixtures.ids(5);
        enqueue(p, ids);
        DeliveryScheduler scheduler = DeliveryScheduler.start(List.of(p), new ManualClock(T0), Duration.ofMillis(5));
        assertTrue(inSend.await(GUARD_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
            try {
                return scheduler.close(Duration.ofSeconds(GUARD_SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitTrue("the pipeline to be told to stop", p::isStopping);
        assertFalse(closing.isDone(), "close returned while a request was still under way");
        release.countDown();
        assertTrue(closing.get(GUARD_SECONDS, TimeUnit.SECONDS), "every round ended");

        Reconciliation r = p.reconcile();
        assertTrue(r.balances(), r::toString);
        assertEquals(1, r.count(DeliveryState.SENT), "the request under way finished and was recorded: " + r);
        assertEquals(4, r.count(DeliveryState.QUEUED, DeliveryReason.RELEASED), "the rest was handed back: " + r);
        assertEquals(0, r.count(DeliveryState.IN_FLIGHT), r::toString);
        assertEquals(1, mail.calls().size());
        assertEquals(0, p.dispatch(T0.plusSeconds(60)).claimed(), "a closed scheduler's worker runs no more rounds");

        DeliveryPipeline next = DeliveryPipeline.newBuilder().outbox(p.outbox()).adapter(mail).workerId("w2").build();
        mail.duringSlowSend = () -> { };
        next.dispatch(T0);
        assertEquals(5, next.reconcile().count(DeliveryState.SENT), "released messages are due at once, no lease to wait out");
    }

    @Test
    void workersNeedDistinctIdsAndAPositivePeriod() {
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
        ManualClock clock = new ManualClock(T0);
        assertThrows(IllegalArgumentException.class,
                () -> DeliveryScheduler.start(List.of(pipeline(mail, "w"), pipeline(mail, "w")), clock, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> DeliveryScheduler.start(List.of(pipeline(mail, "w")), clock, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> DeliveryScheduler.start(List.of(), clock, Duration.ofSeconds(1)));
    }

    /** Waits, sleeping briefly between looks, until {@code condition} holds; fails naming it after a generous 30 s. */
    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after 30 s waiting for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
