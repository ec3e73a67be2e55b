package io.recall.incentive;

import io.recall.model.Money;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reservation did to the budgets: reserved from some, or refused by one.
 *
 * @param reservationId the reservation, when made
 * @param amount        the amount asked for
 * @param budgets       the budgets it was reserved from (empty when refused)
 * @param refusedBy     the budget (or "per-customer limit") that refused, when refused
 * @param text          a sentence for people
 */
public record BudgetEffect(Optional<String> reservationId, Money amount, List<String> budgets,
                           Optional<String> refusedBy, String text) {

    /** Validates and copies. */
    public BudgetEffect {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(amount, "amount");
        budgets = List.copyOf(budgets);
        Objects.requireNonNull(refusedBy, "refusedBy");
        Objects.requireNonNull(text, "text");
        if (reservationId.isPresent() == refusedBy.isPresent()) {
            throw new IllegalArgumentException("a budget effect is either a reservation or a refusal");
        }
    }

    static BudgetEffect reserved(String id, Money amount, List<String> budgets, String text) {
        return new BudgetEffect(Optional.of(id), amount, budgets, Optional.empty(), text);
    }

    static BudgetEffect refused(Money amount, String by, String text) {
        return new BudgetEffect(Optional.empty(), amount, List.of(), Optional.of(by), "refused: " + text);
    }

    /** True when the amount was reserved. */
    public boolean isReserved() {
        return reservationId.isPresent();
    }
}
