package io.recall.incentive;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A budget's use at one moment.
 *
 * @param budget         the budget
 * @param reserved       held by decisions not yet redeemed
 * @param committed      redeemed
 * @param reservedCount  offers reserved
 * @param committedCount offers redeemed
 */
public record BudgetState(Budget budget, Money reserved, Money committed, long reservedCount, long committedCount) {

    /** Validates. */
    public BudgetState {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(committed, "committed");
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
