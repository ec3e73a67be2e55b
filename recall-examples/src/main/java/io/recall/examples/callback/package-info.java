/**
 * The phone call-back list: the customers the call team should ring this week (important-value and
 * important-develop customers at risk of lapsing, who consented to calls), each with the local best time to call,
 * a purchase summary, open complaints and the offer to mention; exported as CSV (for the team) and JSON (with
 * every exclusion and its reason, so the counts reconcile).
 *
 * <p>Start at {@link io.recall.examples.callback.CallbackExport#build}.
 */
package io.recall.examples.callback;
