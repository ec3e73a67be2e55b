package io.recall.incentive;

import io.recall.model.Money;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What offers have used of their budgets (an SPI): a decision reserves, a redemption commits, an expiry or a
 * cancellation releases. In memory ({@link #of(RuleSet)}) or in a database shared by several instances
 * ({@link JdbcIncentiveStores#budgets(RuleSet)}).
 *
 * <p>Reserving checks every budget that applies (in the current period of those that reset) and the
 * customer's allowance, and takes from all of them or from none, atomically: concurrent decisions, in one
 * process or several, never overrun a budget, and a release is exactly as safe as a commit. Commit and
 * release are idempotent (a second one returns false); release after commit, and commit after release, are
 * errors.
 *
 * <p>Implementations must be thread-safe. The contract is the test suite {@code BudgetLedgerContract}.
 */
public interface BudgetLedger {

    /** Where a reservation stands. */
    enum Status {
        /** Held by a decision, not yet redeemed. */
        RESERVED,
        /** Redeemed. */
        COMMITTED,
        /** Expired or cancelled; its amount is back in the budgets. */
        RELEASED
    }

    /**
     * Reserves {@code amount} from every budget that applies to the customer's segment and the rule (in the
     * period holding {@code now}, for budgets that reset), and one of the customer's allowance, or nothing at
     * all when any of them would be overrun.
     *
     * @param amount    at least zero, in the ledger's currency, whole minor units
     * @param now       when the decision is made; places the reservation in its periods
     * @param expiresAt when {@link #expire} releases it if it has not been redeemed
     */
    BudgetEffect reserve(String customerId, String segmentId, String ruleId, Money amount, Instant now, Instant expiresAt);

    /**
     * Commits a reservation when its offer is redeemed, at the amount actually given (at most the reserved
     * amount; the rest goes back), in the periods it was reserved in. A second commit returns false.
     *
     * @throws IllegalStateException when the reservation is unknown or was released
     */
    boolean commit(String reservationId, Money actual);

    /**
     * Releases a reservation (cancelled, or not redeemed in time). A second release returns false.
     *
     * @throws IllegalStateException when the reservation is unknown or already redeemed
     */
    boolean release(String reservationId);

    /** Releases every reservation whose expiry is at or before {@code now}; returns how many. */
    int expire(Instant now);

    /** Where a reservation stands, if it exists. */
    Optional<Status> status(String reservationId);

    /** Every budget's use in the period holding {@code now}, in declaration order. */
    List<BudgetState> snapshot(Instant now);

    /** Every budget's use in its latest period with any use (its only one, when it does not reset), in declaration order. */
    List<BudgetState> snapshot();

    /** Every reservation's status by id, in the order made (for reports and tests: it reads them all). */
    Map<String, Status> statuses();

    /** One budget's use in its latest period. */
    default Optional<BudgetState> state(String budgetId) {
        return snapshot().stream().filter(s -> s.budget().id().equals(budgetId)).findFirst();
    }

    /** One budget's use in the period holding {@code now}. */
    default Optional<BudgetState> state(String budgetId, Instant now) {
        return snapshot(now).stream().filter(s -> s.budget().id().equals(budgetId)).findFirst();
    }

    /** A fresh in-memory ledger for a rule set's budgets (gift stock included), per-customer limit and zone. */
    static BudgetLedger of(RuleSet rules) {
        return new InMemoryBudgetLedger(BudgetBook.of(rules));
    }

    /** A fresh in-memory ledger for budgets in one currency, periods on the UTC calendar. */
    static BudgetLedger of(Currency currency, List<Budget> budgets, int perCustomerLimit) {
        return of(currency, budgets, perCustomerLimit, ZoneId.of("UTC"));
    }

    /** A fresh in-memory ledger for budgets in one currency, periods on the calendar of {@code zone}. */
    static BudgetLedger of(Currency currency, List<Budget> budgets, int perCustomerLimit, ZoneId zone) {
        return new InMemoryBudgetLedger(new BudgetBook("in-memory", currency, budgets, perCustomerLimit, zone));
    }
}
