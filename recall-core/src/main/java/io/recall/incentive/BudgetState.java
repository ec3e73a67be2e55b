package io.recall.incentive;

import io.recall.model.Money;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A budget's use at one moment (in one period, for a budget that resets).
 *
 * @param budget         the budget
 * @param reserved       held by decisions not yet redeemed
 * @param committed      redeemed
 * @param reservedCount  offers reserved
 * @param committedCount offers redeemed
 * @param period         the local date its period starts on, for a budget that resets
 */
public record BudgetState(Budget budget, Money reserved, Money committed, long reservedCount, long committedCount,
                          Optional<LocalDate> period) {

    /** Validates. */
    public BudgetState {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(committed, "committed");
        Objects.requireNonNull(period, "period");
    }

    /** The use of a budget that does not reset. */
    public BudgetState(Budget budget, Money reserved, Money committed, long reservedCount, long committedCount) {
        this(budget, reserved, committed, reservedCount, committedCount, Optional.empty());
    }

    /** Reserved plus committed. */
    public Money used() {
        return reserved.plus(committed);
    }

    /** What is left of the money budget, if it has one. */
    public Optional<Money> moneyLeft() {
        return budget.money().map(m -> m.minus(used()));
    }

    /** What is left of the count budget, if it has one. */
    public OptionalLong countLeft() {
        return budget.count().isPresent() ? OptionalLong.of(budget.count().getAsLong() - reservedCount - committedCount)
                : OptionalLong.empty();
    }
}
