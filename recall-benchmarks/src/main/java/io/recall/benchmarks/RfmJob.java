package io.recall.benchmarks;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The facade {@link FitScoreBenchmark} measures: the whole job from an Online Retail file to every
 * customer's metrics, fitted quintile thresholds and scores. The contract both engines meet (and
 * {@code DuckDbAgreementTest} checks): customers with a counted purchase; recency = days from the
 * London date of the last purchase to {@code asOf}; frequency = distinct purchase invoices; monetary =
 * purchases minus cancellations, half-even to pence; threshold i = the value at rank ⌈i·N/5⌉ of the
 * sorted population; F and M = 1 + thresholds strictly below the value; R = 5 − recency thresholds
 * strictly below the days.
 */
interface RfmJob extends AutoCloseable {

    /** Hands every customer to {@code sink} and returns the thresholds. */
    Thresholds run(Path file, LocalDate asOf, CustomerSink sink) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** {@code recall} or {@code duckdb}. */
    static RfmJob named(String name) throws Exception {
        switch (name) {
            case "recall":
                return new RecallRfmJob();
            case "duckdb":
                return DuckDbRfmJob.open();
            default:
                throw new IllegalArgumentException("unknown engine '" + name + "'; expected recall or duckdb");
        }
    }
}
