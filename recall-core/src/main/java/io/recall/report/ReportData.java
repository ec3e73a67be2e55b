package io.recall.report;

import io.recall.incentive.BudgetState;
import io.recall.incentive.Decision;
import io.recall.incentive.Grant;
import io.recall.measure.CampaignResult;
import io.recall.model.Money;
import io.recall.segment.Classification;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a marketer's report shows, assembled from existing results; plain values, so a host can also
 * fill it from its own numbers.
 *
 * @param title        the report's title (free text, escaped when rendered)
 * @param asOf         the date the segments and scores are as of
 * @param previousAsOf the earlier date segment movement is measured from, when movement is given
 * @param currency     the currency of every amount
 * @param segments     customers per segment, in the scheme's order
 * @param movements    customers per (from, to) segment pair between {@code previousAsOf} and {@code asOf}
 * @param levels       the number of score levels (the heat map is levels x levels)
 * @param heatMap      customers per (recency score, frequency score); cells absent from the list hold zero
 * @param offers       decisions and their total value per offer kind
 * @param budgets      budget used and left
 * @param funnels      the delivery funnel per channel
 * @param campaigns    measured campaigns
 * @param segmentOffers which offers each segment was made, how many, and how many were redeemed
 * @param journeys     what each follow-up journey did
 */
public record ReportData(String title, LocalDate asOf, Optional<LocalDate> previousAsOf, Currency currency,
                         List<SegmentCount> segments, List<Movement> movements, int levels, List<RfCell> heatMap,
                         List<OfferCount> offers, List<BudgetLine> budgets, List<ChannelFunnel> funnels,
                         List<CampaignResult> campaigns, List<SegmentOffer> segmentOffers,
                         List<JourneyLine> journeys) {

    /**
     * The "from" of customers who had no segment at the earlier date (new customers); never a segment id
     * (those are lower-case letters, digits and {@code -}).
     */
    public static final String NEW = "(new)";
    /** The "to" of customers who have no segment at the later date; never a segment id. */
    public static final String GONE = "(gone)";

    /** Validates and copies. */
    public ReportData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(previousAsOf, "previousAsOf");
        Objects.requireNonNull(currency, "currency");
        segments = List.copyOf(segments);
        movements = List.copyOf(movements);
        heatMap = List.copyOf(heatMap);
        offers = List.copyOf(offers);
        budgets = List.copyOf(budgets);
        funnels = List.copyOf(funnels);
        campaigns = List.copyOf(campaigns);
        segmentOffers = List.copyOf(segmentOffers);
        journeys = List.copyOf(journeys);
        if (levels < 1 || levels > 10) {
            throw new IllegalArgumentException("levels must be 1..10 but was " + levels);
        }
        for (RfCell c : heatMap) {
            if (c.r() > levels || c.f() > levels) {
                throw new IllegalArgumentException("heat map cell " + c + " is outside " + levels + " levels");
            }
        }
        if (!movements.isEmpty() && previousAsOf.isEmpty()) {
            throw new IllegalArgumentException("movements need previousAsOf");
        }
    }

    /** A report without offers per segment and without journeys. */
    public ReportData(String title, LocalDate asOf, Optional<LocalDate> previousAsOf, Currency currency,
                      List<SegmentCount> segments, List<Movement> movements, int levels, List<RfCell> heatMap,
                      List<OfferCount> offers, List<BudgetLine> budgets, List<ChannelFunnel> funnels,
                      List<CampaignResult> campaigns) {
        this(title, asOf, previousAsOf, currency, segments, movements, levels, heatMap, offers, budgets, funnels,
                campaigns, List.of(), List.of());
    }

    /** This report with offers per segment and journeys (replacing any it had). */
    public ReportData with(List<SegmentOffer> offersPerSegment, List<JourneyLine> journeyLines) {
        return new ReportData(title, asOf, previousAsOf, currency, segments, movements, levels, heatMap, offers,
                budgets, funnels, campaigns, offersPerSegment, journeyLines);
    }

    /** Customers in one segment. */
    public record SegmentCount(Segment segment, long customers) {
        /** Validates. */
        public SegmentCount {
            Objects.requireNonNull(segment, "segment");
            nonNegative(customers, "customers");
        }
    }

    /** Customers who moved from one segment to another (or stayed, when {@code from.equals(to)}). */
    public record Movement(String from, String to, long customers) {
        /** Validates. */
        public Movement {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            nonNegative(customers, "customers");
        }
    }

    /** Customers with recency score {@code r} and frequency score {@code f}. */
    public record RfCell(int r, int f, long customers) {
        /** Validates. */
        public RfCell {
            if (r < 1 || f < 1) {
                throw new IllegalArgumentException("scores start at 1 but were r=" + r + ", f=" + f);
            }
            nonNegative(customers, "customers");
        }
    }

    /** Decisions that granted an offer of one kind ({@code percent-off}, ...; {@code none} for no offer). */
    public record OfferCount(String kind, long decisions, Money value) {
        /** Validates. */
        public OfferCount {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
            nonNegative(decisions, "decisions");
        }
    }

    /** One budget: what was used (reserved plus committed) and, for a money budget, what is left. */
    public record BudgetLine(String budget, Money used, Optional<Money> left) {
        /** Validates. */
        public BudgetLine {
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(used, "used");
            Objects.requireNonNull(left, "left");
        }

        /** The line for a budget's state. */
        public static BudgetLine of(BudgetState state) {
            return new BudgetLine(state.budget().id(), state.used(), state.moneyLeft());
        }
    }

    /** The funnel of one channel: messages sent, delivered, opened, clicked, and customers who converted. */
    public record ChannelFunnel(String channel, long sent, long delivered, long opened, long clicked,
                                long converted) {
        /** Validates. */
        public ChannelFunnel {
            Objects.requireNonNull(channel, "channel");
            nonNegative(sent, "sent");
            nonNegative(delivered, "delivered");
            nonNegative(opened, "opened");
            nonNegative(clicked, "clicked");
            nonNegative(converted, "converted");
        }

        /** The five stages in order. */
        public long[] stages() {
            return new long[] {sent, delivered, opened, clicked, converted};
        }
    }

    /**
     * The offers of one rule made to one segment's customers.
     *
     * @param segment       the segment id
     * @param offer         the rule (or offer) id
     * @param description   a short text, such as {@code 10.00 GBP off}
     * @param made          offers made (budget reserved)
     * @param redeemed      offers redeemed, at most {@code made}
     * @param value         the value of the offers made
     * @param redeemedValue the value of the offers redeemed, in the same currency
     */
    public record SegmentOffer(String segment, String offer, String description, long made, long redeemed,
                               Money value, Money redeemedValue) {
        /** Validates. */
        public SegmentOffer {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(redeemedValue, "redeemedValue");
            nonNegative(made, "made");
            nonNegative(redeemed, "redeemed");
            if (redeemed > made) {
                throw new IllegalArgumentException(segment + "/" + offer + ": redeemed " + redeemed + " exceeds made "
                        + made);
            }
            if (!value.currency().equals(redeemedValue.currency())) {
                throw new IllegalArgumentException(segment + "/" + offer + ": value in " + value.currency()
                        + " but redeemed value in " + redeemedValue.currency());
            }
        }
    }

    /**
     * What one journey did over the reported period.
     *
     * @param journey  the journey id
     * @param entered  entries started
     * @param moves    steps taken
     * @param enqueued messages added to the outbox
     * @param sent     of those, messages the pipeline sent (the rest were suppressed, dead-lettered or are pending)
     * @param skipped  sends skipped for want of an address on the channel
     * @param finished entries that reached an exit step
     * @param exited   entries ended early by a purchase or a STOP reply
     */
    public record JourneyLine(String journey, long entered, long moves, long enqueued, long sent, long skipped,
                              long finished, long exited) {
        /** Validates. */
        public JourneyLine {
            Objects.requireNonNull(journey, "journey");
            nonNegative(entered, "entered");
            nonNegative(moves, "moves");
            nonNegative(enqueued, "enqueued");
            nonNegative(sent, "sent");
            nonNegative(skipped, "skipped");
            nonNegative(finished, "finished");
            nonNegative(exited, "exited");
        }

        /** Entries still under way: entered, less finished and exited (never below zero). */
        public long active() {
            return Math.max(0, entered - finished - exited);
        }
    }

    /** Customers per segment of a scheme, in the scheme's order (then any other segment, by id). */
    public static List<SegmentCount> segmentCounts(SegmentScheme scheme, Collection<Classification> customers) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Segment> seen = new TreeMap<>();
        for (Classification c : customers) {
            counts.merge(c.segment().id(), 1L, Long::sum);
            seen.put(c.segment().id(), c.segment());
        }
        List<SegmentCount> out = new ArrayList<>();
        List<Segment> order = new ArrayList<>(scheme.segments());
        scheme.fallback().ifPresent(order::add);
        for (Segment s : order) {
            seen.remove(s.id());
            out.add(new SegmentCount(s, counts.getOrDefault(s.id(), 0L)));
        }
        seen.values().forEach(s -> out.add(new SegmentCount(s, counts.get(s.id()))));
        return dedupe(out);
    }

    private static List<SegmentCount> dedupe(List<SegmentCount> in) {
        Map<String, SegmentCount> byId = new LinkedHashMap<>();
        in.forEach(c -> byId.putIfAbsent(c.segment().id(), c));
        return List.copyOf(byId.values());
    }

    /** Customers per (R, F) score pair; only non-empty cells are listed. */
    public static List<RfCell> heatMap(Collection<Classification> customers) {
        Map<List<Integer>, Long> counts = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Integer.compare(a.get(1), b.get(1)) : Integer.compare(a.get(0), b.get(0)));
        for (Classification c : customers) {
            counts.merge(List.of(c.score().r(), c.score().f()), 1L, Long::sum);
        }
        List<RfCell> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new RfCell(k.get(0), k.get(1), v)));
        return out;
    }

    /**
     * Movement between two classifications of the same base, matched by customer id; a customer only in the
     * later one moves from {@link #NEW}, one only in the earlier one moves to {@link #GONE}.
     */
    public static List<Movement> movements(Collection<Classification> before, Collection<Classification> after) {
        Map<String, String> was = new HashMap<>();
        before.forEach(c -> was.put(c.customerId(), c.segment().id()));
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (Classification c : after) {
            String from = was.remove(c.customerId());
            counts.merge(List.of(from == null ? NEW : from, c.segment().id()), 1L, Long::sum);
        }
        was.values().forEach(from -> counts.merge(List.of(from, GONE), 1L, Long::sum));
        List<Movement> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new Movement(k.get(0), k.get(1), v)));
        return out;
    }

    /** Decisions and their value per offer kind; a decision with several grants counts once per kind. */
    public static List<OfferCount> offers(Collection<Decision> decisions, Currency currency) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Money> values = new TreeMap<>();
        for (Decision d : decisions) {
            if (d.isEmpty()) {
                counts.computeIfAbsent("none", k -> new long[1])[0]++;
                values.putIfAbsent("none", Money.zero(currency));
                continue;
            }
            java.util.Set<String> kinds = new java.util.TreeSet<>();
            for (Grant g : d.grants()) {
                kinds.add(g.offer().type());
                values.merge(g.offer().type(), g.value(), Money::plus);
            }
            kinds.forEach(k -> counts.computeIfAbsent(k, x -> new long[1])[0]++);
        }
        List<OfferCount> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new OfferCount(k, n[0], values.getOrDefault(k, Money.zero(currency)))));
        return out;
    }

    /** Total customers in the heat map. */
    public long heatMapTotal() {
        return heatMap.stream().mapToLong(RfCell::customers).sum();
    }

    /** Total customers over the segments. */
    public long segmentTotal() {
        return segments.stream().mapToLong(SegmentCount::customers).sum();
    }

    private static void nonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative but was " + v);
        }
    }
}
