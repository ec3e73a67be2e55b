package io.recall.incentive;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the in-memory and JDBC budget ledgers share: the budgets and their limits in minor units, which budget
 * lines a reservation takes from, the decision over their current use, and the sentences for people.
 */
final class BudgetBook {

    /** The scope of budgets shared by every campaign. */
    static final String ALL_CAMPAIGNS = "*";
    /** The period key of a budget that never resets. */
    static final String NO_PERIOD = "-";

    final String campaign;
    final Currency currency;
    final List<Budget> budgets;
    final int perCustomerLimit;
    final ZoneId zone;
    final long[] limitMinor;
    final long[] limitCount;

    BudgetBook(String campaign, Currency currency, List<Budget> budgets, int perCustomerLimit, ZoneId zone) {
        this.campaign = Coupon.requireText(campaign, "campaign", 255);
        this.currency = Objects.requireNonNull(currency, "currency");
        this.budgets = List.copyOf(budgets);
        this.zone = Objects.requireNonNull(zone, "zone");
        if (perCustomerLimit < 1) {
            throw new IllegalArgumentException("per-customer limit must be >= 1 but was " + perCustomerLimit);
        }
        this.perCustomerLimit = perCustomerLimit;
        int n = this.budgets.size();
        limitMinor = new long[n];
        limitCount = new long[n];
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Budget b = this.budgets.get(i);
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("budget id " + b.id() + " is declared twice");
            }
            b.money().ifPresent(m -> {
                if (!m.currency().equals(currency)) {
                    throw new CurrencyMismatchException(currency, m.currency());
                }
            });
            limitMinor[i] = b.money().map(m -> m.toMinorUnits(RoundingMode.DOWN)).orElse(Long.MAX_VALUE);
            limitCount[i] = b.count().orElse(Long.MAX_VALUE);
        }
    }

    static BudgetBook of(RuleSet rules) {
        return new BudgetBook(rules.name(), rules.currency(), rules.budgetsWithStock(), rules.perCustomerLimit(), rules.zone());
    }

    /**
     * One budget in one period: what a reservation takes from.
     *
     * @param index  the budget's place in the book
     * @param scope  the campaign, or {@link #ALL_CAMPAIGNS}
     * @param period the local start date of the period, or {@link #NO_PERIOD}
     */
    record Line(int index, String scope, String budgetId, String period) implements Comparable<Line> {
        String key() {
            return scope + '\u0000' + budgetId + '\u0000' + period;
        }

        Optional<LocalDate> periodStart() {
            return period.equals(NO_PERIOD) ? Optional.empty() : Optional.of(LocalDate.parse(period));
        }

        @Override
        public int compareTo(Line o) {
            // The order locks are taken in, the same in every process.
            int c = scope.compareTo(o.scope);
            c = c != 0 ? c : budgetId.compareTo(o.budgetId);
            return c != 0 ? c : period.compareTo(o.period);
        }
    }

    Line line(int i, Instant at) {
        Budget b = budgets.get(i);
        return new Line(i, b.acrossCampaigns() ? ALL_CAMPAIGNS : campaign, b.id(),
                b.reset().map(p -> p.start(at, zone).toString()).orElse(NO_PERIOD));
    }

    /** The lines a reservation of this rule for this segment takes from, made at {@code now}, in declaration order. */
    List<Line> applying(String segmentId, String ruleId, Instant now) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            if (budgets.get(i).appliesTo(segmentId, ruleId)) {
                out.add(line(i, now));
            }
        }
        return out;
    }

    /** A line of a budget by id and period key, as stored. */
    Optional<Line> line(String scope, String budgetId, String period) {
        for (int i = 0; i < budgets.size(); i++) {
            if (budgets.get(i).id().equals(budgetId)) {
                return Optional.of(new Line(i, scope, budgetId, period));
            }
        }
        return Optional.empty();
    }

    /** The reservation's outcome, decided under the ledger's lock and put into words after it. */
    static final class Outcome {
        String id;
        List<Line> applying = List.of();
        long[] leftMinor;
        int refusedBy = -2;
        boolean countRefusal;
        long held;
    }

    /**
     * Decides a reservation over the lines' current use ({@code used[k] = {minor, count}}) and the customer's
     * live offers; fills {@code o} with the refusal, or with what is left after taking, and returns whether
     * to take.
     */
    boolean decide(List<Line> lines, long[][] used, int held, long minor, Outcome o) {
        if (held >= perCustomerLimit) {
            o.refusedBy = -1;
            o.held = held;
            return false;
        }
        for (int k = 0; k < lines.size(); k++) {
            int i = lines.get(k).index();
            if (used[k][0] > limitMinor[i] - minor) {
                o.refusedBy = i;
                o.leftMinor = new long[] {limitMinor[i] - used[k][0]};
                return false;
            }
            if (used[k][1] >= limitCount[i]) {
                o.refusedBy = i;
                o.countRefusal = true;
                o.held = used[k][1];
                return false;
            }
        }
        o.applying = List.copyOf(lines);
        o.leftMinor = new long[lines.size()];
        for (int k = 0; k < lines.size(); k++) {
            o.leftMinor[k] = limitMinor[lines.get(k).index()] - used[k][0] - minor;
        }
        return true;
    }

    BudgetEffect effect(Outcome o, String customerId, Money amount) {
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
        for (int k = 0; k < o.applying.size(); k++) {
            Line l = o.applying.get(k);
            ids.add(l.budgetId());
            text.append(k == 0 ? " from " : ", ").append(l.budgetId());
            if (limitMinor[l.index()] != Long.MAX_VALUE) {
                text.append(" (").append(Money.ofMinor(o.leftMinor[k], currency)).append(" left")
                        .append(l.period().equals(NO_PERIOD) ? "" : " in the period from " + l.period()).append(")");
            }
        }
        if (ids.isEmpty()) {
            text.append(" (no budget applies)");
        }
        return BudgetEffect.reserved(o.id, amount, ids, text.toString());
    }

    BudgetState state(int i, Optional<LocalDate> period, long reservedMinor, long committedMinor, long reservedCount,
                      long committedCount) {
        return new BudgetState(budgets.get(i), Money.ofMinor(reservedMinor, currency), Money.ofMinor(committedMinor, currency),
                reservedCount, committedCount, period);
    }

    long minor(Money amount) {
        Objects.requireNonNull(amount, "amount");
        if (!amount.currency().equals(currency)) {
            throw new CurrencyMismatchException(currency, amount.currency());
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
}
