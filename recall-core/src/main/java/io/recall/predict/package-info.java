/**
 * Prediction: the "buy 'til you die" (BTYD) models that say what a customer will do next.
 *
 * <ul>
 *   <li>{@link io.recall.predict.BgNbdModel}, {@link io.recall.predict.ParetoNbdModel} — continuous time,
 *       no contract: P(alive), expected purchases in the next period of time;</li>
 *   <li>{@link io.recall.predict.BgBbModel} — discrete transaction opportunities (a yearly gala, a
 *       weekly market day);</li>
 *   <li>{@link io.recall.predict.GammaGammaModel} — expected mean spend per purchase;</li>
 *   <li>{@link io.recall.predict.LifetimeValue} — customer lifetime value over a horizon, discounted,
 *       with a margin, in exact {@link io.recall.model.Money}.</li>
 * </ul>
 *
 * <p>Each model is fitted by maximum likelihood from {@link io.recall.predict.BtydSummary customer
 * summaries} into an immutable value that round-trips through JSON, and scores a customer with pure,
 * thread-safe functions. Summaries come from {@link io.recall.model.CustomerHistory histories} or a
 * stream of orders ({@link io.recall.predict.BtydSummaries}, {@link io.recall.predict.BtydAggregator}),
 * counting purchases per distinct day as the papers do; BG/BB summaries count one transaction opportunity
 * per period of an {@link io.recall.predict.OpportunityPeriod}. Every fit reports its log-likelihood,
 * convergence and the parameters' {@link io.recall.predict.StandardErrors standard errors}.
 *
 * <p><b>Recency means two things.</b> RFM recency ({@link io.recall.rfm.RfmMetrics#recencyDays()}) is
 * the days <em>since</em> the last purchase. BTYD "recency" is the time <em>from the first purchase to
 * the last</em>; here it is called {@link io.recall.predict.BtydSummary#timeOfLastPurchase()} and
 * always comes with a {@link io.recall.predict.PeriodUnit}. Every horizon is a
 * {@link io.recall.predict.Horizon}: an amount and its unit.
 */
package io.recall.predict;
