/**
 * RFM: metrics (recency, frequency, monetary value, tenure) as of an explicit date, computed from
 * histories ({@link io.recall.rfm.RfmCalculator}) or from a stream ({@link io.recall.rfm.RfmAggregator}),
 * and the fitted or given {@link io.recall.rfm.ScoringModel} that turns them into 1..n scores.
 */
package io.recall.rfm;
