package io.recall.campaign;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.SuppressionStore;
import io.recall.incentive.CustomerFacts;
import io.recall.incentive.Decision;
import io.recall.incentive.Grant;
import io.recall.incentive.IncentiveEngine;
import io.recall.model.Money;
import io.recall.segment.Classification;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a campaign: picks the audience, excludes who cannot be reached, holds out the control group, decides
 * offers and enqueues one message per targeted customer into the outbox, due at the customer's next local
 * send window; returns the {@link CampaignRecord}.
 *
 * <p><b>Idempotent and restartable.</b> The message id (and idempotency key) is
 * {@code campaign:<campaign>:<customer>:<step>}; a customer whose message is already in the outbox is not
 * decided or enqueued again, and their offers are read back from the message's metadata. So running twice
 * enqueues nothing new, and re-running after a crash enqueues exactly the missing messages. The holdout
 * depends on the whole set of eligible customers, so a re-run should be given the same candidates; when it is
 * not, a customer already messaged stays targeted even if the new ranking would hold them out (the held-out
 * count of that segment is then lower than the share asks, never contaminated).
 * (A crash between an incentive decision and its enqueue leaves that budget reservation held until it
 * expires; the re-run decides again.)
 *
 * <p>Exclusions come before the holdout: the control group is drawn from customers who could have been
 * reached, so treated and held-out customers are comparable. Not thread-safe per run; the stores are.
 */
public final class CampaignRunner {

    /** The one step a campaign run sends; journeys add their own steps. */
    public static final String STEP = "initial";

    private static final Pattern TOKEN = Pattern.compile("[!-~]{1,255}");

    private final OutboxStore outbox;
    private final Optional<IncentiveEngine> incentives;
    private final Optional<ConsentLedger> consents;
    private final Optional<SuppressionStore> suppressions;
    private final Clock clock;

    private CampaignRunner(Builder b) {
        this.outbox = Objects.requireNonNull(b.outbox, "outbox was not set");
        this.clock = Objects.requireNonNull(b.clock, "clock was not set");
        this.incentives = Optional.ofNullable(b.incentives);
        this.consents = Optional.ofNullable(b.consents);
        this.suppressions = Optional.ofNullable(b.suppressions);
    }

    /** A builder; the outbox and the clock are required. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The message id of a customer's step in a campaign; also its idempotency key prefix. */
    public static String messageId(String campaignId, String customerId, String step) {
        String id = "campaign:" + campaignId + ":" + customerId + ":" + step;
        // Customer ids outside visible ASCII cannot be message ids as they are; a hash keeps them stable.
        return TOKEN.matcher(id).matches() ? id
                : "campaign:" + campaignId + ":h" + Long.toUnsignedString(Holdout.key(campaignId, customerId), 16)
                + ":" + step;
    }

    /**
     * Runs a campaign over its candidates, each customer once.
     *
     * @throws IllegalArgumentException when a customer appears twice, or the engine's rule set is not the
     *                                  one the campaign names
     * @throws IllegalStateException    when the campaign has ended, or names a rule set but no engine was given
     */
    public CampaignRecord run(Campaign campaign, Collection<Candidate> candidates) {
        Instant now = clock.instant();
        if (!now.isBefore(campaign.schedule().end())) {
            throw new IllegalStateException("campaign " + campaign.id() + " ended at " + campaign.schedule().end()
                    + "; it is now " + now);
        }
        if (campaign.incentives().isPresent()) {
            IncentiveEngine engine = incentives.orElseThrow(() -> new IllegalStateException("campaign "
                    + campaign.id() + " makes offers from rule set '" + campaign.incentives().get()
                    + "' but the runner has no incentive engine"));
            if (!engine.rules().name().equals(campaign.incentives().get())) {
                throw new IllegalArgumentException("campaign " + campaign.id() + " names rule set '"
                        + campaign.incentives().get() + "' but the engine has '" + engine.rules().name() + "'");
            }
        }
        Map<String, Candidate> byId = new TreeMap<>();
        for (Candidate c : candidates) {
            if (byId.put(c.customerId(), c) != null) {
                throw new IllegalArgumentException("customer " + c.customerId() + " appears twice among the candidates");
            }
        }

        Map<String, CustomerOutcome> outcomes = new LinkedHashMap<>();
        Map<String, Reach> eligible = new LinkedHashMap<>();
        for (Candidate c : byId.values()) {
            String segment = c.classification().segment().id();
            Optional<Exclusion> why = audience(campaign, c.classification());
            Reach reach = null;
            if (why.isEmpty()) {
                reach = reach(campaign, c, now);
                why = reach.exclusion;
            }
            if (why.isPresent()) {
                outcomes.put(c.customerId(), CustomerOutcome.excluded(c.customerId(), segment, why.get()));
            } else {
                eligible.put(c.customerId(), reach);
            }
        }
        Map<String, String> strata = new HashMap<>();
        eligible.keySet().forEach(id -> strata.put(id, byId.get(id).classification().segment().id()));
        Set<String> held = Holdout.assign(campaign.id(), campaign.holdoutShare(), strata);

        for (Map.Entry<String, Reach> e : eligible.entrySet()) {
            Candidate c = byId.get(e.getKey());
            String segment = c.classification().segment().id();
            Optional<OutboxEntry> sent = outbox.find(messageId(campaign.id(), e.getKey(), STEP));
            // A customer an earlier run (over other candidates) already messaged counts as treated, never as
            // control: measuring a contacted customer as held out would bias the uplift towards zero.
            outcomes.put(e.getKey(), held.contains(e.getKey()) && sent.isEmpty()
                    ? CustomerOutcome.heldOut(e.getKey(), segment,
                            e.getValue().addresses.stream().map(Address::channel).collect(Collectors.toList()))
                    : target(campaign, c, e.getValue(), now, sent));
        }
        List<CustomerOutcome> sorted = new ArrayList<>(new TreeMap<>(outcomes).values());
        return new CampaignRecord(campaign, now, sorted);
    }

    private static Optional<Exclusion> audience(Campaign campaign, Classification c) {
        boolean in = campaign.segments().contains(c.segment().id())
                && campaign.filters().stream().allMatch(f -> f.test(c));
        return in ? Optional.empty() : Optional.of(Exclusion.NOT_IN_AUDIENCE);
    }

    /** The reachable plan, or why there is none. */
    private Reach reach(Campaign campaign, Candidate c, Instant now) {
        if (c.contact().isEmpty()) {
            return new Reach(Optional.of(Exclusion.NO_CONTACT), List.of());
        }
        Contact contact = c.contact().get();
        List<Address> addresses = new ArrayList<>();
        for (Channel ch : campaign.planFor(c.classification().segment().id())) {
            contact.on(ch).ifPresent(addresses::add);
        }
        if (addresses.isEmpty()) {
            return new Reach(Optional.of(Exclusion.NO_CONTACT), List.of());
        }
        if (suppressions.isPresent()) {
            addresses.removeIf(a -> suppressions.get().find(a).isPresent());
            if (addresses.isEmpty()) {
                return new Reach(Optional.of(Exclusion.SUPPRESSED), List.of());
            }
        }
        if (consents.isPresent()) {
            addresses.removeIf(a -> consents.get().current(c.customerId(), a.channel(), Purpose.MARKETING, now)
                    .map(entry -> entry.decision() != ConsentEntry.Decision.GRANTED).orElse(true));
            if (addresses.isEmpty()) {
                return new Reach(Optional.of(Exclusion.NO_CONSENT), List.of());
            }
        }
        if (campaign.schedule().dueAt(now, contact.zone()).isEmpty()) {
            return new Reach(Optional.of(Exclusion.OUTSIDE_SCHEDULE), List.of());
        }
        return new Reach(Optional.empty(), addresses);
    }

    private CustomerOutcome target(Campaign campaign, Candidate c, Reach reach, Instant now,
                                   Optional<OutboxEntry> existing) {
        String customer = c.customerId();
        String segment = c.classification().segment().id();
        Contact contact = c.contact().orElseThrow();
        String id = messageId(campaign.id(), customer, STEP);
        if (existing.isPresent()) {
            OutboxEntry entry = existing.get();
            return new CustomerOutcome(customer, segment, CustomerOutcome.Status.TARGETED, Optional.empty(),
                    entry.plan().stream().map(Message::channel).collect(Collectors.toList()), Optional.of(id),
                    Optional.of(entry.dueAt()), offersFrom(entry.plan().get(0).metadata()), false);
        }
        List<OfferMade> offers = new ArrayList<>();
        if (campaign.incentives().isPresent()) {
            CustomerFacts facts = c.facts().orElseGet(() -> CustomerFacts.ofRfm(segment, c.classification().score(),
                    c.classification().metrics(), true,
                    reach.addresses.stream().map(a -> a.channel().id()).collect(Collectors.toSet()), contact.zone()));
            Decision d = incentives.orElseThrow().decide(facts);
            for (Grant g : d.grants()) {
                offers.add(new OfferMade(g.ruleId(), g.offer().type(), g.offer().describe(), g.value(),
                        g.reservationId(), g.expiresAt()));
            }
        }
        Instant due = campaign.schedule().dueAt(now, contact.zone()).orElseThrow();
        List<Message> plan = new ArrayList<>();
        for (Address a : reach.addresses) {
            Message.Builder m = Message.newBuilder().id(id).idempotencyKey(id + ":" + a.channel().id())
                    .recipient(a).templateId(campaign.templates().get(a.channel())).locale(contact.locale())
                    .purpose(Purpose.MARKETING)
                    .metadata("campaign", campaign.id()).metadata("step", STEP).metadata("segment", segment);
            if (!offers.isEmpty()) {
                m.variable("offer", new Variable.Text(offers.stream().map(OfferMade::description)
                        .collect(Collectors.joining(", "))));
                Money total = offers.stream().map(OfferMade::value).reduce(Money::plus).orElseThrow();
                m.variable("offer_value", new Variable.Money(total.amount(), total.currency()));
            }
            for (int i = 0; i < offers.size(); i++) {
                OfferMade o = offers.get(i);
                String k = "offer." + i + ".";
                m.metadata(k + "rule", o.ruleId()).metadata(k + "type", o.type()).metadata(k + "text", o.description())
                        .metadata(k + "amount", o.value().amount().toString())
                        .metadata(k + "currency", o.value().currency().getCurrencyCode())
                        .metadata(k + "reservation", o.reservationId()).metadata(k + "expires", o.expiresAt().toString());
            }
            plan.add(m.build());
        }
        OutboxEntry entry = new OutboxEntry(id, customer, contact.zone(), plan, now, DeliveryState.QUEUED,
                DeliveryReason.NEW, "", due, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), now);
        // False means a concurrent run enqueued it between find and here; the outbox keeps one either way.
        boolean added = outbox.enqueue(entry);
        return new CustomerOutcome(customer, segment, CustomerOutcome.Status.TARGETED, Optional.empty(),
                plan.stream().map(Message::channel).collect(Collectors.toList()), Optional.of(id), Optional.of(due),
                offers, added);
    }

    private static List<OfferMade> offersFrom(Map<String, String> meta) {
        List<OfferMade> out = new ArrayList<>();
        for (int i = 0; meta.containsKey("offer." + i + ".rule"); i++) {
            String k = "offer." + i + ".";
            out.add(new OfferMade(meta.get(k + "rule"), meta.get(k + "type"), meta.get(k + "text"),
                    Money.of(new BigDecimal(meta.get(k + "amount")), Money.currency(meta.get(k + "currency"))),
                    meta.get(k + "reservation"), Instant.parse(meta.get(k + "expires"))));
        }
        return out;
    }

    private static final class Reach {
        final Optional<Exclusion> exclusion;
        final List<Address> addresses;

        Reach(Optional<Exclusion> exclusion, List<Address> addresses) {
            this.exclusion = exclusion;
            this.addresses = addresses;
        }
    }

    /** Collects a runner's stores; not thread-safe. */
    public static final class Builder {
        private OutboxStore outbox;
        private IncentiveEngine incentives;
        private ConsentLedger consents;
        private SuppressionStore suppressions;
        private Clock clock;

        private Builder() {
        }

        /** Where messages are enqueued (required). */
        public Builder outbox(OutboxStore outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        /** The engine deciding offers; required for a campaign that names a rule set. */
        public Builder incentives(IncentiveEngine engine) {
            this.incentives = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** Marketing consent per channel; when set, channels without a granted consent are dropped. */
        public Builder consents(ConsentLedger ledger) {
            this.consents = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** The suppression list; when set, suppressed addresses are dropped. */
        public Builder suppressions(SuppressionStore store) {
            this.suppressions = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where "now" comes from (required). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The runner. */
        public CampaignRunner build() {
            return new CampaignRunner(this);
        }
    }
}
