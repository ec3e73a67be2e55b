package io.recall.incentive;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Objects;

/**
 * The incentive stores over a relational database through plain {@code java.sql}: coupons, budgets and
 * points. The schema ships as versioned DDL resources ({@code io/recall/incentive/V1__incentive_stores.sql})
 * applied by {@link #migrate} and recorded in {@code recall_incentive_schema_version}. Tested on H2 2.x and
 * PostgreSQL; several processes may share one database.
 *
 * <p>Each store call takes a connection from the data source and returns it before answering. Use a pooling
 * data source in production.
 */
public final class JdbcIncentiveStores {

    private final DataSource ds;

    private JdbcIncentiveStores(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Applies every schema version the database lacks and returns the stores over it.
     *
     * @param now when the migration runs, recorded with each version applied
     */
    public static JdbcIncentiveStores migrate(DataSource ds, Instant now) {
        Objects.requireNonNull(ds, "ds");
        Sql.migrate(ds, Objects.requireNonNull(now, "now"));
        return new JdbcIncentiveStores(ds);
    }

    /**
     * The budget ledger of a rule set's campaign (its name): every instance given the same rule set shares its
     * budgets; budgets {@link Budget#acrossCampaigns() across campaigns} are shared by every campaign.
     */
    public BudgetLedger budgets(RuleSet rules) {
        return new JdbcBudgetLedger(ds, BudgetBook.of(Objects.requireNonNull(rules, "rules")));
    }

    /** The budget ledger of a campaign with these budgets, per-customer limit and calendar zone. */
    public BudgetLedger budgets(String campaign, java.util.Currency currency, java.util.List<Budget> budgets,
                                int perCustomerLimit, java.time.ZoneId zone) {
        return new JdbcBudgetLedger(ds, new BudgetBook(campaign, currency, budgets, perCustomerLimit, zone));
    }

    /** The points accounts. */
    public PointsLedger points() {
        return new JdbcPointsLedger(ds);
    }

    /** The members' tier histories. */
    public TierLedger tiers() {
        return new JdbcTierLedger(ds);
    }

    /** The coupon ledger. */
    public CouponLedger coupons() {
        return new JdbcCouponLedger(ds);
    }
}
