/**
 * Recall on Apache Spark: RFM metrics, the core's scoring model, segments and the BTYD models computed
 * from a {@code Dataset<Row>} of order lines, with the same answers as the single-JVM core.
 *
 * <p>Start with {@link io.recall.spark.OrderLines#of}: it checks the declared columns before any job
 * runs and splits the lines into accepted and rejected ones (with the core's
 * {@link io.recall.ingest.RejectReason} codes). {@link io.recall.spark.SparkRfm} computes metrics and fits
 * a {@link io.recall.rfm.ScoringModel}; {@link io.recall.spark.SparkSegmenter} classifies every customer
 * with the model broadcast to the executors; {@link io.recall.spark.SparkBtyd} computes BTYD summaries,
 * fits BG/NBD, Pareto/NBD and Gamma-Gamma on collected patterns (never on every customer) and scores
 * P(alive), expected purchases and CLV on the executors. Every fitted model is the core's JSON model:
 * fit on Spark, classify inline in the web tier.
 */
package io.recall.spark;
