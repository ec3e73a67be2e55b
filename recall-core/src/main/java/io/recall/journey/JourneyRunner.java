package io.recall.journey;

import io.recall.campaign.Contact;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs journeys: starts instances whose trigger fired and moves every due instance, enqueuing its messages.
 *
 * <p><b>Idempotent.</b> A send step's message id and idempotency key is
 * {@code journey:<journey>:<customer>:<entry>:<step>}, and the outbox keeps one entry per id; every move of
 * an instance is a compare-and-set on its version. So a second {@code advance}, a concurrent one (another
 * thread or process on the same stores), or one after a crash between the enqueue and the state save
 * finds the message already there and either completes the move or loses the compare-and-set; no step is
 * ever sent twice. Every cycle holds a wait (checked at load), so an instance moves a bounded number of
 * steps per call.
 *
 * <p>Thread-safe as long as the stores are; facts are read from the store, so record them (or let the host's
 * event handling do so) before calling {@code advance}.
 *
 * <p><b>Entry.</b> A customer enters at the earliest firing of the trigger at or before {@code now} that is
 * later than the firing that started their previous entry, unless they are in the journey, replied STOP on
 * any channel, or the re-entry rule forbids it (never; or the cool-down since the previous entry ended has
 * not passed). A journey never triggers on its own messages, so a not-opened journey cannot feed itself.
 */
public final class JourneyRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyRunner.class);
    private static final int BATCH = 500;

    private final List<Journey> journeys;
    private final JourneyStore store;
    private final OutboxStore outbox;
    private final Function<String, Optional<Contact>> contacts;
    private final BiFunction<JourneyInstance, Step.Send, Map<String, Variable>> variables;
    private final Clock clock;

    private JourneyRunner(Builder b) {
        this.journeys = List.copyOf(b.journeys);
        this.store = Objects.requireNonNull(b.store, "store");
        this.outbox = Objects.requireNonNull(b.outbox, "outbox");
        this.contacts = Objects.requireNonNull(b.contacts, "contacts");
        this.variables = b.variables;
        this.clock = b.clock;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The message id and idempotency key of a send step of an entry. */
    public static String messageKey(String journeyId, String customerId, int entry, String stepId) {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(stepId, "stepId");
        return "journey:" + journeyId + ":" + customerId + ":" + entry + ":" + stepId;
    }

    /** Records a fact in the store; false when it was recorded before. */
    public boolean record(Fact fact) {
        return store.record(fact);
    }

    /** {@link #advance(Instant)} at the clock's instant. */
    public AdvanceReport advance() {
        return advance(clock.instant());
    }

    /** Starts triggered instances and moves every due one, as of {@code now}. */
    public AdvanceReport advance(Instant now) {
        Objects.requireNonNull(now, "now");
        Tally t = new Tally();
        List<String> customers = store.customers();
        // In batches: one read of the batch's facts serves every journey, one read of its instances per journey.
        for (int from = 0; from < customers.size(); from += BATCH) {
            List<String> batch = customers.subList(from, Math.min(customers.size(), from + BATCH));
            Map<String, List<Fact>> facts = store.factsOf(batch);
            for (Journey j : journeys) {
                Map<String, JourneyInstance> instances = store.findAll(j.id(), batch);
                for (String customer : batch) {
                    enter(j, customer, Optional.ofNullable(instances.get(customer)),
                            facts.getOrDefault(customer, List.of()), now, t);
                }
            }
        }
        for (Journey j : journeys) {
            // Batches, since a moved instance leaves the due set (a wait) or the active set (an exit).
            while (true) {
                List<JourneyInstance> due = store.due(j.id(), now, BATCH);
                int before = t.moves + t.conflicts;
                for (JourneyInstance i : due) {
                    move(j, i, now, t);
                }
                if (due.size() < BATCH || t.moves + t.conflicts == before) {
                    break;
                }
            }
        }
        return new AdvanceReport(t.entered, t.moves, t.enqueued, t.skipped, t.finished, t.exited, t.conflicts);
    }

    private void enter(Journey j, String customer, Optional<JourneyInstance> previous, List<Fact> facts, Instant now,
                       Tally t) {
        if (previous.isPresent() && (previous.get().active() || j.reentry().coolDown().isEmpty())) {
            return;
        }
        if (facts.stream().anyMatch(f -> f instanceof Fact.Stop && !f.at().isAfter(now))) {
            return;
        }
        Instant after = previous.map(JourneyInstance::triggeredAt).orElse(Instant.MIN);
        Instant notBefore = previous.map(p -> p.updatedAt().plus(j.reentry().coolDown().orElseThrow()))
                .orElse(Instant.MIN);
        Optional<Instant> fired = Triggers.firings(j, customer, facts, now).stream()
                .filter(at -> at.isAfter(after) && !at.isBefore(notBefore)).findFirst();
        if (fired.isEmpty()) {
            return;
        }
        int entry = previous.map(p -> p.entry() + 1).orElse(1);
        Instant due = arrival(j, j.start(), now);
        boolean started;
        if (previous.isEmpty()) {
            started = store.insert(new JourneyInstance(j.id(), customer, entry, j.start(), JourneyInstance.Status.ACTIVE,
                    fired.get(), now, due, 0, now));
        } else {
            JourneyInstance p = previous.get();
            started = store.replace(new JourneyInstance(j.id(), customer, entry, j.start(), JourneyInstance.Status.ACTIVE,
                    fired.get(), now, due, p.version() + 1, now));
        }
        if (started) {
            t.entered++;
        } else {
            t.conflicts++;
        }
    }

    // When an instance arriving at a step at `now` is next due: a wait's end, else at once.
    private static Instant arrival(Journey j, String stepId, Instant now) {
        return j.step(stepId) instanceof Step.Wait w ? now.plus(w.duration()) : now;
    }

    private void move(Journey j, JourneyInstance start, Instant now, Tally t) {
        JourneyInstance i = start;
        List<Fact> facts = store.facts(i.customerId());
        // Bounded: every cycle holds a wait, whose due time is after now, so at most steps().size() moves.
        for (int n = 0; n <= j.steps().size() && i.active() && !i.dueAt().isAfter(now); n++) {
            JourneyInstance next = step(j, i, facts, now, t);
            if (!store.replace(next)) {
                // Another runner moved it first; its move (and any message) stands, ours is dropped.
                t.conflicts++;
                return;
            }
            t.moves++;
            if (next.status() == JourneyInstance.Status.DONE) {
                t.finished++;
            } else if (next.status() == JourneyInstance.Status.EXITED) {
                t.exited++;
            }
            i = next;
        }
    }

    private JourneyInstance step(Journey j, JourneyInstance i, List<Fact> facts, Instant now, Tally t) {
        if (stopped(facts, now) || (j.exitOnPurchase() && purchasedSince(facts, i.enteredAt(), now))) {
            return i.next(i.stepId(), JourneyInstance.Status.EXITED, i.dueAt(), now);
        }
        Step s = j.step(i.stepId());
        if (s instanceof Step.Send send) {
            send(j, i, send, now, t);
            return i.next(send.next(), JourneyInstance.Status.ACTIVE, arrival(j, send.next(), now), now);
        }
        if (s instanceof Step.Wait w) {
            return i.next(w.next(), JourneyInstance.Status.ACTIVE, arrival(j, w.next(), now), now);
        }
        if (s instanceof Step.Branch b) {
            String to = holds(b.condition(), j, i, facts, now) ? b.ifTrue() : b.ifFalse();
            return i.next(to, JourneyInstance.Status.ACTIVE, arrival(j, to, now), now);
        }
        return i.next(i.stepId(), JourneyInstance.Status.DONE, i.dueAt(), now);
    }

    private void send(Journey j, JourneyInstance i, Step.Send s, Instant now, Tally t) {
        Optional<Contact> contact = contacts.apply(i.customerId());
        Optional<Address> address = contact.flatMap(c -> c.on(s.channel()));
        if (address.isEmpty()) {
            LOG.debug("journey {} step {}: no {} address for a customer; skipped", j.id(), s.id(), s.channel().id());
            t.skipped++;
            return;
        }
        String key = messageKey(j.id(), i.customerId(), i.entry(), s.id());
        Message m = Message.newBuilder().id(key).idempotencyKey(key).recipient(address.get())
                .templateId(s.templateId()).locale(contact.get().locale()).purpose(Purpose.MARKETING)
                .metadata("journey", j.id()).metadata("step", s.id()).metadata("entry", Integer.toString(i.entry()))
                .variables(variables.apply(i, s))
                .build();
        OutboxEntry entry = new OutboxEntry(key, i.customerId(), contact.get().zone(), List.of(m), now,
                DeliveryState.QUEUED, DeliveryReason.NEW, "", now, 0, 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now);
        // False: a previous run enqueued it and crashed (or lost the race) before saving the move.
        if (outbox.enqueue(entry)) {
            t.enqueued++;
        }
    }

    private static boolean stopped(List<Fact> facts, Instant now) {
        return facts.stream().anyMatch(f -> f instanceof Fact.Stop && !f.at().isAfter(now));
    }

    private static boolean purchasedSince(List<Fact> facts, Instant since, Instant now) {
        return facts.stream().anyMatch(f -> f instanceof Fact.Purchase && f.at().isAfter(since) && !f.at().isAfter(now));
    }

    private static boolean holds(Condition c, Journey j, JourneyInstance i, List<Fact> facts, Instant now) {
        if (c == Condition.PURCHASED) {
            return purchasedSince(facts, i.enteredAt(), now);
        }
        String prefix = messageKey(j.id(), i.customerId(), i.entry(), "");
        for (Fact f : facts) {
            if (f instanceof Fact.MessageEvent m && !m.at().isAfter(now) && m.messageKey().startsWith(prefix)
                    && (m.kind() == Fact.MessageKind.CLICKED
                    || (c == Condition.OPENED && m.kind() == Fact.MessageKind.OPENED))) {
                return true;
            }
        }
        return false;
    }

    private static final class Tally {
        int entered;
        int moves;
        int enqueued;
        int skipped;
        int finished;
        int exited;
        int conflicts;
    }

    /** Builds a runner. */
    public static final class Builder {
        private final List<Journey> journeys = new ArrayList<>();
        private JourneyStore store;
        private OutboxStore outbox;
        private Function<String, Optional<Contact>> contacts;
        private BiFunction<JourneyInstance, Step.Send, Map<String, Variable>> variables = (i, s) -> Map.of();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds a journey; ids must be distinct. */
        public Builder journey(Journey journey) {
            Objects.requireNonNull(journey, "journey");
            if (journeys.stream().anyMatch(j -> j.id().equals(journey.id()))) {
                throw new IllegalArgumentException("journey " + journey.id() + " added twice");
            }
            journeys.add(journey);
            return this;
        }

        /** Where instances and facts live (required). */
        public Builder store(JourneyStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** Where messages are enqueued (required). */
        public Builder outbox(OutboxStore value) {
            outbox = Objects.requireNonNull(value, "outbox");
            return this;
        }

        /** How to reach a customer (required); empty skips their sends. */
        public Builder contacts(Function<String, Optional<Contact>> value) {
            contacts = Objects.requireNonNull(value, "contacts");
            return this;
        }

        /**
         * The template variables of a send step's message for an instance (default: none), such as the offer a
         * reminder repeats; called once per message enqueued, so it must be cheap and must not return null.
         */
        public Builder variables(BiFunction<JourneyInstance, Step.Send, Map<String, Variable>> value) {
            variables = Objects.requireNonNull(value, "variables");
            return this;
        }

        /** The clock read by {@link JourneyRunner#advance()} (default: system UTC). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The runner. */
        public JourneyRunner build() {
            return new JourneyRunner(this);
        }
    }

    /** Turns facts into trigger firings. */
    static final class Triggers {
        private Triggers() {
        }

        /** The instants at or before {@code now} at which the journey's trigger fired for the customer, sorted. */
        static List<Instant> firings(Journey j, String customer, List<Fact> facts, Instant now) {
            List<Instant> out = new ArrayList<>();
            String own = "journey:" + j.id() + ":";
            Trigger trigger = j.trigger();
            for (Fact f : facts) {
                if (trigger instanceof Trigger.Purchased && f instanceof Fact.Purchase) {
                    out.add(f.at());
                } else if (trigger instanceof Trigger.CouponExpiring c && f instanceof Fact.CouponExpiry) {
                    Instant at = f.at().minus(Duration.ofDays(c.daysBefore()));
                    // An expired coupon is no reason to write any more.
                    if (now.isBefore(f.at())) {
                        out.add(at);
                    }
                } else if (trigger instanceof Trigger.NotOpened n && f instanceof Fact.MessageEvent m
                        && m.kind() == Fact.MessageKind.SENT && !m.messageKey().startsWith(own)) {
                    Instant deadline = m.at().plus(n.within());
                    boolean opened = facts.stream().anyMatch(o -> o instanceof Fact.MessageEvent e
                            && e.messageKey().equals(m.messageKey()) && !e.at().isAfter(deadline)
                            && (e.kind() == Fact.MessageKind.OPENED || e.kind() == Fact.MessageKind.CLICKED));
                    if (!opened) {
                        out.add(deadline);
                    }
                } else if (trigger instanceof Trigger.ClickedNoPurchase c && f instanceof Fact.MessageEvent m
                        && m.kind() == Fact.MessageKind.CLICKED && !m.messageKey().startsWith(own)) {
                    Instant deadline = m.at().plus(c.within());
                    boolean bought = facts.stream().anyMatch(p -> p instanceof Fact.Purchase
                            && !p.at().isBefore(m.at()) && !p.at().isAfter(deadline));
                    if (!bought) {
                        out.add(deadline);
                    }
                }
            }
            out.removeIf(at -> at.isAfter(now));
            out.sort(null);
            return out;
        }
    }
}
