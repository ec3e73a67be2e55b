/**
 * Incentives: rule sets as data ({@link io.recall.incentive.RuleSet}) decided per customer by the
 * {@link io.recall.incentive.IncentiveEngine} within the budgets of a {@link io.recall.incentive.BudgetLedger},
 * every {@link io.recall.incentive.Decision} explained; unguessable, typo-proof coupon codes
 * ({@link io.recall.incentive.CouponCodes}); and exact money operations for discounts
 * ({@link io.recall.incentive.MoneyMath}).
 */
package io.recall.incentive;
