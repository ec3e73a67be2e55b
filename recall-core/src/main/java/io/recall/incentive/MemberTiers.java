package io.recall.incentive;

import io.recall.model.Money;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A membership programme's tiers and the rules for moving between them, over a {@link TierLedger}.
 *
 * <p>Members qualify by what they spent, or the points they earned, in a rolling window ending now (in the
 * programme's zone). A review moves a member up as soon as they qualify for a higher tier; a tier reached is
 * kept for a term, and only when the term has ended does a review move the member down, one tier at most per
 * review (a soft landing), or renew the term when they qualify again. The first tier has no threshold: every
 * member qualifies for it.
 *
 * <p>Thread-safe: a review is a compare-and-set on the ledger, retried when another review got there first.
 */
public final class MemberTiers {

    /** What qualifies a member. */
    public enum Measure {
        /** Spend in the window. */
        SPEND,
        /** Points earned (less points reversed) in the window. */
        POINTS
    }

    private final List<MemberTier> tiers;
    private final Measure measure;
    private final Period window;
    private final Period term;
    private final ZoneId zone;
    private final TierLedger ledger;

    private MemberTiers(List<MemberTier> tiers, Measure measure, Period window, Period term, ZoneId zone, TierLedger ledger) {
        this.tiers = List.copyOf(tiers);
        this.measure = Objects.requireNonNull(measure, "measure");
        this.window = Objects.requireNonNull(window, "window");
        this.term = Objects.requireNonNull(term, "term");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        if (this.tiers.isEmpty()) {
            throw new IllegalArgumentException("a programme needs at least one tier");
        }
        if (window.isNegative() || window.isZero() || term.isNegative() || term.isZero()) {
            throw new IllegalArgumentException("window and term must be positive but were " + window + " and " + term);
        }
        MemberTier first = this.tiers.get(0);
        if (!first.minSpend().isZero() || first.minPoints() != 0) {
            throw new IllegalArgumentException("the first tier " + first.name() + " must have no threshold");
        }
        for (int i = 1; i < this.tiers.size(); i++) {
            MemberTier a = this.tiers.get(i - 1);
            MemberTier b = this.tiers.get(i);
            boolean rising = measure == Measure.SPEND ? b.minSpend().compareTo(a.minSpend()) > 0 : b.minPoints() > a.minPoints();
            if (!rising) {
                throw new IllegalArgumentException("tier " + b.name() + " must need more than tier " + a.name());
            }
            if (!b.minSpend().currency().equals(first.minSpend().currency())) {
                throw new io.recall.model.CurrencyMismatchException(first.minSpend().currency(), b.minSpend().currency());
            }
            for (int j = 0; j < i; j++) {
                if (this.tiers.get(j).name().equals(b.name())) {
                    throw new IllegalArgumentException("tier name " + b.name() + " is used twice");
                }
            }
        }
    }

    /**
     * A programme.
     *
     * @param tiers   lowest first, each needing more than the one before; the first needs nothing
     * @param measure spend or points
     * @param window  the rolling qualification window
     * @param term    how long a tier reached is kept at least
     * @param zone    the programme's calendar
     */
    public static MemberTiers of(List<MemberTier> tiers, Measure measure, Period window, Period term, ZoneId zone,
                                 TierLedger ledger) {
        return new MemberTiers(tiers, measure, window, term, zone, ledger);
    }

    /** The ledger. */
    public TierLedger ledger() {
        return ledger;
    }

    /** Where the qualification window ending at {@code now} starts. */
    public Instant windowStart(Instant now) {
        return now.atZone(zone).minus(window).toInstant();
    }

    /** The points earned less those reversed in the window ending at {@code now}, from a points account's lines. */
    public long rollingPoints(List<PointsEntry> lines, Instant now) {
        Instant from = windowStart(now);
        long sum = 0;
        for (PointsEntry e : lines) {
            if ((e.kind() == PointsEntry.Kind.EARNED || e.kind() == PointsEntry.Kind.REVERSED)
                    && !e.at().isBefore(from) && !e.at().isAfter(now)) {
                sum += e.points();
            }
        }
        return Math.max(0, sum);
    }

    /** The highest tier a member with this spend or these points qualifies for. */
    public MemberTier qualifyingTier(Money rollingSpend, long rollingPoints) {
        Objects.requireNonNull(rollingSpend, "rollingSpend");
        MemberTier best = tiers.get(0);
        for (MemberTier t : tiers) {
            boolean met = measure == Measure.SPEND ? rollingSpend.compareTo(t.minSpend()) >= 0 : rollingPoints >= t.minPoints();
            if (met) {
                best = t;
            }
        }
        return best;
    }

    /** The member's tier now, if they joined. */
    public Optional<MemberTier> tierOf(String customerId) {
        return ledger.current(customerId).map(c -> tier(c.to()));
    }

    /** The benefits of the member's tier (none before joining). */
    public Set<Offer.Benefit> benefitsOf(String customerId) {
        return tierOf(customerId).map(MemberTier::benefits).orElse(Set.of());
    }

    /**
     * Reviews a member: joins, upgrades, renews or downgrades them as the rules say, and records the change.
     *
     * @param rollingSpend  what they spent in the window ending now (for programmes measured by spend)
     * @param rollingPoints what they earned in the window ending now (for programmes measured by points)
     * @return the change made, or empty when none was due
     */
    public Optional<TierChange> review(String customerId, Money rollingSpend, long rollingPoints, Instant now) {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(now, "now");
        MemberTier qualified = qualifyingTier(rollingSpend, rollingPoints);
        Instant until = now.atZone(zone).plus(term).toInstant();
        while (true) {
            Optional<TierChange> current = ledger.current(customerId);
            TierChange change = decide(customerId, current, qualified, now, until);
            if (change == null) {
                return Optional.empty();
            }
            if (ledger.append(change)) {
                return Optional.of(change);
            }
            // another review changed the member first: decide again over its result
        }
    }

    private TierChange decide(String customerId, Optional<TierChange> current, MemberTier qualified, Instant now, Instant until) {
        if (current.isEmpty()) {
            return new TierChange(customerId, Optional.empty(), qualified.name(), TierChange.Reason.JOINED, now, until);
        }
        TierChange c = current.get();
        int have = index(c.to());
        int can = tiers.indexOf(qualified);
        if (can > have) {
            return new TierChange(customerId, Optional.of(c.to()), qualified.name(), TierChange.Reason.UPGRADED, now, until);
        }
        if (now.isBefore(c.keptUntil())) {
            return null;
        }
        if (can == have) {
            return new TierChange(customerId, Optional.of(c.to()), c.to(), TierChange.Reason.RENEWED, now, until);
        }
        return new TierChange(customerId, Optional.of(c.to()), tiers.get(have - 1).name(), TierChange.Reason.DOWNGRADED, now, until);
    }

    private int index(String name) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("the ledger names tier " + name + ", which the programme does not have");
    }

    private MemberTier tier(String name) {
        return tiers.get(index(name));
    }

    /** The tiers, lowest first. */
    public List<MemberTier> tiers() {
        return tiers;
    }
}
