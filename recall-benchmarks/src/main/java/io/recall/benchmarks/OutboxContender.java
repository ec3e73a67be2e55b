package io.recall.benchmarks;

/** One side of {@link OutboxBenchmark}: an outbox that takes messages in transactions and hands them to a no-op sink. */
interface OutboxContender extends AutoCloseable {

    /** Enqueues {@code n} new messages, each in its own database transaction, and delivers them all to the sink. */
    void enqueueAndDeliver(int n) throws Exception;

    /** Checks that every message enqueued so far reached the sink exactly once; throws if one was lost or doubled. */
    String verify() throws Exception;

    /** Releases what the contender holds (the pool is the benchmark's). */
    @Override
    void close();
}
