package io.recall.incentive;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A limit on what offers may cost, in money, in count, or both; for every customer or one segment, for
 * every rule or some; for the whole time or afresh each period; for its campaign or shared by every campaign.
 *
 * <p>A budget belongs to its campaign (the rule set, by name): two rule sets with budgets of the same id
 * keep them apart in a shared store, and every instance running one rule set shares them. A budget
 * {@code acrossCampaigns} is shared by every campaign that declares it (a shop-wide limit); each checks the
 * limit it declares.
 *
 * @param id              a stable id
 * @param segment         the segment it is for; empty for all
 * @param rules           the rule ids it is for; empty for all
 * @param money           the most the reserved and committed offers may be worth together
 * @param count           the most offers that may be reserved and committed together
 * @param reset           how often it starts afresh (in the rule set's zone); empty for never
 * @param acrossCampaigns whether every campaign declaring this id shares it
 */
public record Budget(String id, Optional<String> segment, Set<String> rules, Optional<Money> money, OptionalLong count,
                     Optional<BudgetPeriod> reset, boolean acrossCampaigns) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,127}");

    /** Validates and copies. */
    public Budget {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("budget id must match " + ID.pattern() + " but was '" + id + "'");
        }
        Objects.requireNonNull(segment, "segment");
        rules = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(rules));
        Objects.requireNonNull(money, "money");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(reset, "reset");
        money.ifPresent(m -> Valuation.requireNonNegative(m, "budget " + id + " money"));
        if (count.isPresent() && count.getAsLong() < 0) {
            throw new IllegalArgumentException("budget " + id + " count must be >= 0 but was " + count.getAsLong());
        }
        if (money.isEmpty() && count.isEmpty()) {
            throw new IllegalArgumentException("budget " + id + " needs money, a count, or both");
        }
    }

    /** A budget of this campaign that never resets. */
    public Budget(String id, Optional<String> segment, Set<String> rules, Optional<Money> money, OptionalLong count) {
        this(id, segment, rules, money, count, Optional.empty(), false);
    }

    /** A money budget for everyone. */
    public static Budget ofMoney(String id, Money money) {
        return new Budget(id, Optional.empty(), Set.of(), Optional.of(money), OptionalLong.empty());
    }

    /** A copy for one segment. */
    public Budget forSegment(String segmentId) {
        return new Budget(id, Optional.of(segmentId), rules, money, count, reset, acrossCampaigns);
    }

    /** A copy with a count limit too. */
    public Budget withCount(long limit) {
        return new Budget(id, segment, rules, money, OptionalLong.of(limit), reset, acrossCampaigns);
    }

    /** A copy that starts afresh every period. */
    public Budget resetEvery(BudgetPeriod period) {
        return new Budget(id, segment, rules, money, count, Optional.of(period), acrossCampaigns);
    }

    /** A copy shared by every campaign that declares it. */
    public Budget sharedAcrossCampaigns() {
        return new Budget(id, segment, rules, money, count, reset, true);
    }

    /** True when a grant of this rule to a customer of this segment counts against the budget. */
    public boolean appliesTo(String segmentId, String ruleId) {
        return (segment.isEmpty() || segment.get().equals(segmentId)) && (rules.isEmpty() || rules.contains(ruleId));
    }
}
