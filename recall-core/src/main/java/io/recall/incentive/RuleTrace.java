package io.recall.incentive;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one rule in one decision.
 *
 * @param ruleId  the rule
 * @param outcome what became of it
 * @param failure the first condition the customer did not meet, when it did not match
 * @param value   the offer's value for this customer, when it matched
 * @param budget  the budget effect, when a reservation was tried
 * @param detail  for a granted rule the offer's description, for one not selected the reason
 */
public record RuleTrace(String ruleId, Outcome outcome, Optional<ConditionFailure> failure, Optional<Money> value,
                        Optional<BudgetEffect> budget, Optional<String> detail) {

    /** What became of a rule. */
    public enum Outcome {
        /** Matched, selected, reserved: the customer gets it. */
        GRANTED,
        /** A condition did not hold. */
        NOT_MATCHED,
        /** Matched but lost to a conflict: priority, exclusive group, stacking, the offer limit, or uptake. */
        NOT_SELECTED,
        /** Matched and selected, but a budget or the per-customer limit refused it. */
        OVER_BUDGET
    }

    /** Validates. */
    public RuleTrace {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * A sentence for people, e.g. {@code not matched: r was 1, expected >= 2}. Built when asked, so deciding
     * stays cheap when nobody reads the text.
     */
    public String text() {
        String worth = value.map(v -> "matched, worth " + v + ", ").orElse("");
        switch (outcome) {
            case NOT_MATCHED:
                return "not matched: " + failure.map(ConditionFailure::text).orElse("");
            case NOT_SELECTED:
                return worth + "not selected: " + detail.orElse("");
            case OVER_BUDGET:
                return worth + budget.map(BudgetEffect::text).orElse("");
            case GRANTED:
                return "granted " + detail.orElse("") + value.map(v -> ", worth " + v).orElse("")
                        + budget.map(b -> "; " + b.text()).orElse("");
            default:
                throw new AssertionError(outcome);
        }
    }
}
