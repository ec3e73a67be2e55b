package io.recall.incentive;

import io.recall.model.Money;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory ledger of what offers have used of their budgets: a decision reserves, a redemption commits,
 * an expiry or a cancellation releases.
 *
 * <p>Thread-safe. Every operation holds the ledger's lock for a few array updates, so checking every
 * budget that applies and reserving from all of them is one atomic step: concurrent decisions never
 * overrun a budget, and a release is exactly as safe as a commit. (A durable JDBC ledger with a guarded
 * write is a later addition; this one does not survive a restart.)
 */
public final class BudgetLedger {

    /** Where a reservation stands. */
    public enum Status {
        /** Held by a decision, not yet redeemed. */
        RESERVED,
        /** Redeemed. */
        COMMITTED,
        /** Expired or cancelled; its amount is back in the budgets. */
        RELEASED
    }

    private final Currency currency;
    private final List<Budget> budgets;
    private final int perCustomerLimit;
    private final long[] limitMinor;
    private final long[] limitCount;
    private final long[] reservedMinor;
    private final long[] committedMinor;
    private final long[] reservedCount;
    private final long[] committedCount;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Integer> activePerCustomer = new HashMap<>();
    private long sequence;

    private BudgetLedger(Currency currency, List<Budget> budgets, int perCustomerLimit) {
        this.currency = Objects.requireNonNull(currency, "currency");
        this.budgets = List.copyOf(budgets);
        if (perCustomerLimit < 1) {
            throw new IllegalArgumentException("per-customer limit must be >= 1 but was " + perCustomerLimit);
        }
        this.perCustomerLimit = perCustomerLimit;
        int n = this.budgets.size();
        limitMinor = new long[n];
        limitCount = new long[n];
        reservedMinor = new long[n];
        committedMinor = new long[n];
        reservedCount = new long[n];
        committedCount = new long[n];
        for (int i = 0; i < n; i++) {
            Budget b = this.budgets.get(i);
            b.money().ifPresent(m -> {
                if (!m.currency().equals(currency)) {
                    throw new io.recall.model.CurrencyMismatchException(currency, m.currency());
                }
            });
            limitMinor[i] = b.money().map(m -> m.toMinorUnits(RoundingMode.DOWN)).orElse(Long.MAX_VALUE);
            limitCount[i] = b.count().orElse(Long.MAX_VALUE);
        }
    }

    /** A fresh ledger for a rule set's budgets (gift stock included) and per-customer limit. */
    public static BudgetLedger of(RuleSet rules) {
        return new BudgetLedger(rules.currency(), rules.budgetsWithStock(), rules.perCustomerLimit());
    }

    /** A fresh ledger for budgets in one currency. */
    public static BudgetLedger of(Currency currency, List<Budget> budgets, int perCustomerLimit) {
        return new BudgetLedger(currency, budgets, perCustomerLimit);
    }

    /**
     * Reserves {@code amount} from every budget that applies to the customer's segment and the rule, and one
     * of the customer's allowance, or nothing at all when any of them would be overrun.
     *
     * @param amount    at least zero, in the ledger's currency, whole minor units
     * @param expiresAt when {@link #expire} releases it if it has not been redeemed
     */
    public BudgetEffect reserve(String customerId, String segmentId, String ruleId, Money amount, Instant expiresAt) {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        long minor = minor(amount);
        Outcome o = reserveLocked(customerId, segmentId, ruleId, minor, expiresAt);
        // The sentences are built after the lock is released: the critical section is a few array updates.
        if (o.id == null) {
            if (o.refusedBy < 0) {
                return BudgetEffect.refused(amount, "per-customer limit", "customer " + customerId + " already holds "
                        + o.held + " of at most " + perCustomerLimit + " offers");
            }
            Budget b = budgets.get(o.refusedBy);
            return o.countRefusal
                    ? BudgetEffect.refused(amount, b.id(), "budget " + b.id() + " has no count left (" + o.held + " of "
                    + limitCount[o.refusedBy] + " used)")
                    : BudgetEffect.refused(amount, b.id(), "budget " + b.id() + " has "
                    + Money.ofMinor(o.leftMinor[0], currency) + " left, " + amount + " needed");
        }
        StringBuilder text = new StringBuilder("reserved ").append(amount);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < o.applying.length; k++) {
            int i = o.applying[k];
            ids.add(budgets.get(i).id());
            text.append(k == 0 ? " from " : ", ").append(budgets.get(i).id());
            if (limitMinor[i] != Long.MAX_VALUE) {
                text.append(" (").append(Money.ofMinor(o.leftMinor[k], currency)).append(" left)");
            }
        }
        if (ids.isEmpty()) {
            text.append(" (no budget applies)");
        }
        return BudgetEffect.reserved(o.id, amount, ids, text.toString());
    }

    private synchronized Outcome reserveLocked(String customerId, String segmentId, String ruleId, long minor,
                                               Instant expiresAt) {
        Outcome o = new Outcome();
        int held = activePerCustomer.getOrDefault(customerId, 0);
        if (held >= perCustomerLimit) {
            o.refusedBy = -1;
            o.held = held;
            return o;
        }
        int[] applying = new int[budgets.size()];
        int n = 0;
        for (int i = 0; i < budgets.size(); i++) {
            if (!budgets.get(i).appliesTo(segmentId, ruleId)) {
                continue;
            }
            long usedMinor = reservedMinor[i] + committedMinor[i];
            long usedCount = reservedCount[i] + committedCount[i];
            if (usedMinor > limitMinor[i] - minor) {
                o.refusedBy = i;
                o.leftMinor = new long[] {limitMinor[i] - usedMinor};
                return o;
            }
            if (usedCount >= limitCount[i]) {
                o.refusedBy = i;
                o.countRefusal = true;
                o.held = usedCount;
                return o;
            }
            applying[n++] = i;
        }
        o.applying = java.util.Arrays.copyOf(applying, n);
        o.leftMinor = new long[n];
        for (int k = 0; k < n; k++) {
            int i = o.applying[k];
            reservedMinor[i] += minor;
            reservedCount[i]++;
            o.leftMinor[k] = limitMinor[i] - reservedMinor[i] - committedMinor[i];
        }
        o.id = "rsv-" + (++sequence);
        List<Integer> list = new ArrayList<>(n);
        for (int i : o.applying) {
            list.add(i);
        }
        entries.put(o.id, new Entry(o.id, customerId, ruleId, minor, list, expiresAt));
        activePerCustomer.merge(customerId, 1, Integer::sum);
        return o;
    }

    /** What happened inside the lock, formatted outside it. */
    private static final class Outcome {
        String id;
        int[] applying;
        long[] leftMinor;
        int refusedBy;
        boolean countRefusal;
        long held;
    }

    /**
     * Commits a reservation when its offer is redeemed, at the amount actually given (at most the reserved
     * amount; the rest goes back). Idempotent: a second commit of the same reservation returns false.
     *
     * @throws IllegalStateException when the reservation is unknown or was released
     */
    public synchronized boolean commit(String reservationId, Money actual) {
        Entry e = entry(reservationId);
        long minor = minor(actual);
        if (e.status == Status.COMMITTED) {
            return false;
        }
        if (e.status == Status.RELEASED) {
            throw new IllegalStateException("reservation " + reservationId + " was released; it cannot be redeemed");
        }
        if (minor > e.minor) {
            throw new IllegalArgumentException("redemption of " + actual + " exceeds the " + Money.ofMinor(e.minor, currency)
                    + " reserved by " + reservationId);
        }
        for (int i : e.budgets) {
            reservedMinor[i] -= e.minor;
            reservedCount[i]--;
            committedMinor[i] += minor;
            committedCount[i]++;
        }
        e.status = Status.COMMITTED;
        e.minor = minor;
        return true;
    }

    /**
     * Releases a reservation (cancelled, or not redeemed in time). Idempotent: a second release returns false.
     *
     * @throws IllegalStateException when the reservation is unknown or already redeemed
     */
    public synchronized boolean release(String reservationId) {
        Entry e = entry(reservationId);
        if (e.status == Status.RELEASED) {
            return false;
        }
        if (e.status == Status.COMMITTED) {
            throw new IllegalStateException("reservation " + reservationId + " was redeemed; it cannot be released");
        }
        for (int i : e.budgets) {
            reservedMinor[i] -= e.minor;
            reservedCount[i]--;
        }
        e.status = Status.RELEASED;
        activePerCustomer.merge(e.customerId, -1, Integer::sum);
        return true;
    }

    /** Releases every reservation whose expiry is at or before {@code now}; returns how many. */
    public synchronized int expire(Instant now) {
        int n = 0;
        for (Entry e : new ArrayList<>(entries.values())) {
            if (e.status == Status.RESERVED && !e.expiresAt.isAfter(now)) {
                release(e.id);
                n++;
            }
        }
        return n;
    }

    /** Where a reservation stands, if it exists. */
    public synchronized Optional<Status> status(String reservationId) {
        return Optional.ofNullable(entries.get(reservationId)).map(e -> e.status);
    }

    /** A consistent snapshot of every budget, in declaration order. */
    public synchronized List<BudgetState> snapshot() {
        List<BudgetState> out = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            out.add(new BudgetState(budgets.get(i), Money.ofMinor(reservedMinor[i], currency),
                    Money.ofMinor(committedMinor[i], currency), reservedCount[i], committedCount[i]));
        }
        return List.copyOf(out);
    }

    /** The snapshot of one budget. */
    public Optional<BudgetState> state(String budgetId) {
        return snapshot().stream().filter(s -> s.budget().id().equals(budgetId)).findFirst();
    }

    /** Every reservation's status by id, in the order made. */
    public synchronized Map<String, Status> statuses() {
        Map<String, Status> out = new LinkedHashMap<>();
        entries.values().stream().sorted(java.util.Comparator.comparingLong(e -> Long.parseLong(e.id.substring(4))))
                .forEach(e -> out.put(e.id, e.status));
        return out;
    }

    private Entry entry(String reservationId) {
        Entry e = entries.get(Objects.requireNonNull(reservationId, "reservationId"));
        if (e == null) {
            throw new IllegalStateException("no reservation " + reservationId);
        }
        return e;
    }

    private long minor(Money amount) {
        Objects.requireNonNull(amount, "amount");
        if (!amount.currency().equals(currency)) {
            throw new io.recall.model.CurrencyMismatchException(currency, amount.currency());
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must be >= 0 but was " + amount);
        }
        if (amount.amount().scale() > currency.getDefaultFractionDigits()) {
            throw new IllegalArgumentException("amount " + amount.amount().toPlainString() + " " + currency.getCurrencyCode()
                    + " has digits below the currency's minor unit; only whole minor units can be reserved or committed");
        }
        return amount.toMinorUnits(RoundingMode.UNNECESSARY);
    }

    private static final class Entry {
        final String id;
        final String customerId;
        final String ruleId;
        long minor;
        final List<Integer> budgets;
        final Instant expiresAt;
        Status status = Status.RESERVED;

        Entry(String id, String customerId, String ruleId, long minor, List<Integer> budgets, Instant expiresAt) {
            this.id = id;
            this.customerId = customerId;
            this.ruleId = ruleId;
            this.minor = minor;
            this.budgets = List.copyOf(budgets);
            this.expiresAt = expiresAt;
        }
    }
}
