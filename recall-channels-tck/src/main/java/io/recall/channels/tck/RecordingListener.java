package io.recall.channels.tck;

import io.recall.channels.DeliveryEvent;
import io.recall.channels.DeliveryEventListener;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** The kit's event listener: keeps every event, and throws on demand (rule R4.3). */
final class RecordingListener implements DeliveryEventListener {

    private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger throwOnNext = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onEvent(DeliveryEvent event) {
        calls.incrementAndGet();
        if (throwOnNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("thrown on purpose by the Recall TCK's listener (rule R4.3)");
        }
        events.add(event);
    }

    /** Makes the next call throw. */
    void throwOnNextEvent() {
        throwOnNext.set(1);
    }

    /** How many times onEvent was called, thrown or not. */
    int calls() {
        return calls.get();
    }

    List<DeliveryEvent> events() {
        return List.copyOf(events);
    }

    /** The first recorded event matching, waiting up to {@code timeout} for one. */
    Optional<DeliveryEvent> await(Predicate<DeliveryEvent> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (DeliveryEvent event : events) {
                if (matching.test(event)) {
                    return Optional.of(event);
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            Thread.sleep(10);
        }
    }

    /** Waits up to {@code timeout} until onEvent was called at least {@code count} times. */
    boolean awaitCalls(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls.get() < count) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
