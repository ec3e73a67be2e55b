package io.recall.journey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A store that dies (throws) on its n-th instance write, before or after applying it: like a process killed
 * between an enqueue and the state save, or between a save and the next enqueue.
 */
final class FailingStore implements JourneyStore {

    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    private final JourneyStore target;
    private final AtomicInteger writesLeft;
    private final boolean afterWrite;

    FailingStore(JourneyStore target, int failOnWrite) {
        this(target, failOnWrite, false);
    }

    FailingStore(JourneyStore target, int failOnWrite, boolean afterWrite) {
        this.target = target;
        this.writesLeft = new AtomicInteger(failOnWrite);
        this.afterWrite = afterWrite;
    }

    // Counts a write and applies it, throwing on the n-th before or after applying it.
    private boolean write(BooleanSupplier apply) {
        boolean crash = writesLeft.decrementAndGet() == 0;
        if (crash && !afterWrite) {
            throw new Crash();
        }
        boolean applied = apply.getAsBoolean();
        if (crash) {
            throw new Crash();
        }
        return applied;
    }

    @Override
    public boolean record(Fact fact) {
        return target.record(fact);
    }

    @Override
    public List<Fact> facts(String customerId) {
        return target.facts(customerId);
    }

    @Override
    public List<String> customers() {
        return target.customers();
    }

    @Override
    public Optional<JourneyInstance> find(String journeyId, String customerId) {
        return target.find(journeyId, customerId);
    }

    @Override
    public boolean insert(JourneyInstance instance) {
        return write(() -> target.insert(instance));
    }

    @Override
    public boolean replace(JourneyInstance next) {
        return write(() -> target.replace(next));
    }

    @Override
    public List<JourneyInstance> due(String journeyId, Instant now, int max) {
        return target.due(journeyId, now, max);
    }
}
