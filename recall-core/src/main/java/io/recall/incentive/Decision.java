package io.recall.incentive;

import io.recall.model.Money;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incentives decided for one customer, with the explanation: every rule, matched or not and why.
 *
 * @param customerId the customer
 * @param segmentId  the customer's segment
 * @param at         when it was decided
 * @param grants     the offers granted, in selection order (empty when none)
 * @param trace      one entry per rule, in the rule set's order
 */
public record Decision(String customerId, String segmentId, Instant at, List<Grant> grants, List<RuleTrace> trace) {

    /** Validates and copies. */
    public Decision {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(at, "at");
        grants = List.copyOf(grants);
        trace = List.copyOf(trace);
    }

    /** True when no offer was granted. */
    public boolean isEmpty() {
        return grants.isEmpty();
    }

    /** The granted offers' value together, zero in {@code currency} when none. */
    public Money totalValue(java.util.Currency currency) {
        Money sum = Money.zero(currency);
        for (Grant g : grants) {
            sum = sum.plus(g.value());
        }
        return sum;
    }

    /** The trace of one rule. */
    public java.util.Optional<RuleTrace> traceOf(String ruleId) {
        return trace.stream().filter(t -> t.ruleId().equals(ruleId)).findFirst();
    }

    /** The explanation as text a marketer can read, one line per rule. */
    public String explain() {
        StringBuilder s = new StringBuilder("customer ").append(customerId).append(" (segment ").append(segmentId)
                .append(") at ").append(at).append(": ");
        if (grants.isEmpty()) {
            s.append("no offer");
        } else {
            for (int i = 0; i < grants.size(); i++) {
                Grant g = grants.get(i);
                s.append(i == 0 ? "" : " + ").append(g.offer().describe()).append(" [").append(g.ruleId()).append(", worth ")
                        .append(g.value()).append(", until ").append(g.expiresAt()).append("]");
            }
        }
        for (RuleTrace t : trace) {
            s.append("\n  ").append(t.ruleId()).append(": ").append(t.text());
        }
        return s.toString();
    }
}
