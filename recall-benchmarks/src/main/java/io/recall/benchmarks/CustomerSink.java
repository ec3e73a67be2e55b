package io.recall.benchmarks;

/** Receives one customer's metrics and scores from an {@link RfmJob}; primitives, so nothing is boxed. */
@FunctionalInterface
interface CustomerSink {

    void accept(String customerId, int recencyDays, int frequency, long monetaryMinorUnits, int r, int f, int m);
}
