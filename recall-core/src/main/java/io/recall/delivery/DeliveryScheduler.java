package io.recall.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small scheduler a host may opt into instead of calling {@link DeliveryPipeline#dispatch} itself: one
 * daemon thread per worker pipeline, each running a round at {@code clock.instant()}, then waiting
 * {@code period} before the next (fixed delay, so slow rounds never pile up).
 *
 * <p>{@link #close()} is graceful: no round starts after it; a round under way finishes the provider request
 * it is making, records the outcome, and hands the rest of what it claimed back QUEUED/
 * {@link DeliveryReason#RELEASED}, due at once, for the next worker to start (instead of waiting for the lease
 * to expire). A round that throws (a database outage) is logged and counted, and the next round runs as
 * usual. Thread-safe.
 */
public final class DeliveryScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

    private final List<DeliveryPipeline> workers;
    private final ScheduledExecutorService executor;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failedRounds = new AtomicLong();

    private DeliveryScheduler(List<DeliveryPipeline> workers, Clock clock, Duration period) {
        this.workers = workers;
        this.executor = Executors.newScheduledThreadPool(workers.size(), r -> {
            Thread t = new Thread(r, "recall-delivery");
            t.setDaemon(true);
            return t;
        });
        for (DeliveryPipeline worker : workers) {
            executor.scheduleWithFixedDelay(() -> round(worker, clock), 0, period.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Starts dispatching every {@code period} on each worker, the first round at once.
     *
     * @param workers pipelines with distinct worker ids, typically built from one builder so they share its
     *                rate limiter; at least one
     * @param clock   where each round's "now" comes from
     * @param period  the pause between the end of one round and the start of the next, positive
     */
    public static DeliveryScheduler start(List<DeliveryPipeline> workers, Clock clock, Duration period) {
        List<DeliveryPipeline> all = List.copyOf(Objects.requireNonNull(workers, "workers"));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(period, "period");
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a scheduler needs at least one worker");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive but was " + period);
        }
        if (all.stream().map(DeliveryPipeline::workerId).distinct().count() != all.size()) {
            throw new IllegalArgumentException("workers must have distinct worker ids but were "
                    + all.stream().map(DeliveryPipeline::workerId).toList());
        }
        for (DeliveryPipeline p : all) {
            if (p.isStopping()) {
                throw new IllegalStateException("worker " + p.workerId() + " belonged to a scheduler already closed");
            }
        }
        return new DeliveryScheduler(all, clock, period);
    }

    private void round(DeliveryPipeline worker, Clock clock) {
        if (worker.isStopping()) {
            return;
        }
        try {
            worker.dispatch(clock.instant());
            rounds.incrementAndGet();
        } catch (RuntimeException e) {
            // Thrown out of the task, it would cancel every later round silently.
            failedRounds.incrementAndGet();
            LOG.warn("delivery round of worker {} failed; the next round runs as scheduled", worker.workerId(), e);
        }
    }

    /** Rounds completed so far, over every worker. */
    public long rounds() {
        return rounds.get();
    }

    /** Rounds that threw so far, over every worker. */
    public long failedRounds() {
        return failedRounds.get();
    }

    /**
     * Stops scheduling and waits up to {@code timeout} for rounds under way to finish their current request
     * and hand back the rest of their claims.
     *
     * @return true when every round ended within the timeout
     */
    public boolean close(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        for (DeliveryPipeline worker : workers) {
            worker.stop();
        }
        executor.shutdown();
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops scheduling and waits for rounds under way to finish their current request (bounded by the
     * adapters' {@code maxSendDuration}) and hand back the rest.
     */
    @Override
    public void close() {
        try {
            while (!close(Duration.ofMinutes(1))) {
                LOG.info("delivery scheduler still waiting for a round to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
