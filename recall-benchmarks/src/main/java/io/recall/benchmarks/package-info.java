/**
 * JMH benchmarks that measure Recall side by side with what a user would pick instead: a hand-written
 * classifier ({@link io.recall.benchmarks.ClassifyBenchmark}) and DuckDB SQL over the same file
 * ({@link io.recall.benchmarks.FitScoreBenchmark}). Each benchmark selects the contender with a
 * {@code @Param} behind a tiny facade; each class's javadoc gives the command that runs it. Built into
 * {@code recall-benchmarks/target/benchmarks.jar}, never deployed.
 */
package io.recall.benchmarks;
