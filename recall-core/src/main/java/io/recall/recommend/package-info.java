/**
 * Product recommendations: which products to put in front of a customer.
 *
 * <ul>
 *   <li>{@link io.recall.recommend.CoPurchaseModel}: an immutable item-to-item model fitted from
 *       co-purchases (items bought in the same order), with a cosine similarity shrunk towards zero for
 *       rare pairs; personal top-N from what a customer bought, leaving out what they already have
 *       unless it is {@linkplain io.recall.recommend.CoPurchaseModel#isReplenishable replenishable}.
 *       Fitted by a {@link io.recall.recommend.CoPurchaseFitter}, stored as JSON.</li>
 *   <li>{@link io.recall.recommend.ViewedNotBought}: products a customer looked at for a while and did
 *       not buy since, from {@link io.recall.model.ProductView browsing events}.</li>
 *   <li>{@link io.recall.recommend.CategoryAffinity}: a customer's share of spend per category against
 *       the population's.</li>
 *   <li>{@link io.recall.recommend.Evaluation}: hit rate and catalogue coverage on a time split, against
 *       a popularity baseline.</li>
 * </ul>
 *
 * <p>Fitting and recommending are separate, as for RFM scores: a batch fits a model, the web tier
 * calls {@code recommend} inline. See {@code docs/adr/0004-recommendations.md} for why this similarity.
 */
package io.recall.recommend;
