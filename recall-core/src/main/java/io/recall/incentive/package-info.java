/**
 * Incentives: rule sets as data ({@link io.recall.incentive.RuleSet}, read from and written to JSON) decided per
 * customer by the {@link io.recall.incentive.IncentiveEngine} within the budgets of a
 * {@link io.recall.incentive.BudgetLedger} (per campaign, per segment, per rule, reset daily, weekly or monthly),
 * every {@link io.recall.incentive.Decision} explained; unguessable, typo-proof coupon codes
 * ({@link io.recall.incentive.CouponCodes}) issued and redeemed once per order through
 * {@link io.recall.incentive.Coupons} and a {@link io.recall.incentive.CouponLedger}; loyalty points
 * ({@link io.recall.incentive.PointsLedger}) and member tiers ({@link io.recall.incentive.MemberTiers}) as
 * append-only ledgers; and exact money operations for discounts ({@link io.recall.incentive.MoneyMath}).
 *
 * <p>The ledgers are SPIs with an in-memory implementation and a JDBC one over plain {@code java.sql}
 * ({@link io.recall.incentive.JdbcIncentiveStores}), tested on H2 and PostgreSQL.
 */
package io.recall.incentive;
