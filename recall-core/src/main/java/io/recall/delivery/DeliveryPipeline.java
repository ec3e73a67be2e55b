package io.recall.delivery;

import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.SendResult;
import io.recall.delivery.internal.AttemptStarter;
import io.recall.delivery.internal.FrequencyCaps;
import io.recall.delivery.internal.LogSafe;
import io.recall.delivery.internal.RoundReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether, when and through which channel each outbox message goes out, sends it, and records what
 * became of it.
 *
 * <p>The host enqueues {@link OutboundMessage}s and calls {@link #dispatch(Instant)} with its own "now"
 * (the pipeline reads no clock and starts no threads). Each round releases expired leases, claims due
 * messages under a lease, runs the {@linkplain DeliveryPolicy policies} for the current channel of each,
 * and sends the rest through the channel's {@link ChannelAdapter}, in requests of at most
 * {@link Capabilities#maxBatch()} and paced to its {@link Capabilities#rateLimit()}. Each attempt is
 * recorded in the outbox before the adapter is called. Then:
 * <ul>
 *   <li>{@link SendResult.Accepted}: SENT, with the provider's id.</li>
 *   <li>{@link SendResult.Retryable}: QUEUED again after exponential backoff with jitter (never sooner than
 *       the provider's retry-after), DEAD_LETTERED after {@link DeliveryPolicy#maxAttempts()}.</li>
 *   <li>{@link SendResult.Permanent}: the address is suppressed if the result says so; the next channel of
 *       the plan is QUEUED (its own policies run again), else DEAD_LETTERED.</li>
 *   <li>{@link SendResult.Unknown}, or an exception from the adapter: resent with the same idempotency key
 *       if the provider deduplicates, else UNKNOWN_OUTCOME, never resent, for the host to reconcile.</li>
 * </ul>
 *
 * <p>Just before each request, consent is read again as the ledger holds it then
 * ({@link ConsentLedger#latest}): a withdrawal appended before the send stops it, even one stamped after the
 * round's "now". The message's idempotency key is reserved at that moment too, and the accepted sends' SENT
 * states are written together with the next attempts (over {@link JdbcStores} that is one transaction, with
 * the consent re-read inside it), always before any further provider
 * request to a provider that cannot deduplicate, and at the end of the round. For a provider that deduplicates,
 * the attempts of a group of requests are started in one write, as far ahead as
 * {@link DeliveryPolicy#recordAhead()} allows, and their SENT states ride with the next group's; a worker that
 * dies in between leaves those attempts open, and the next worker resends them with the same keys. The checks
 * of a round (consent as of "now", suppressions) are read for all its claimed messages at once. A round never
 * makes a provider request its lease might not cover: each request may take up
 * to the adapter's {@link Capabilities#maxSendDuration()}, nine tenths of the lease are budgeted for requests
 * (the rest for store calls), and what the budget cannot cover goes back QUEUED/{@link DeliveryReason#RELEASED},
 * due at once. {@link Builder#build()} refuses an adapter whose one request would not fit.
 *
 * <p>Several pipelines (workers, each with its own worker id) may share one set of stores. Rate limits hold
 * across every worker that shares one {@link RateLimiter}: pipelines built from one builder share its
 * limiter, and {@link JdbcStores#rateLimiter()} shares it across processes. One pipeline runs one round at a
 * time ({@code dispatch} is synchronized). Logs mask addresses and never show message content.
 */
public final class DeliveryPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final OutboxStore outbox;
    private final SuppressionStore suppressions;
    private final ConsentLedger consents;
    private final FrequencyStore frequency;
    private final DeliveryPolicy policy;
    private final Map<Channel, ChannelAdapter> adapters;
    private final RateLimiter rateLimiter;
    private final AttemptStarter starter;
    private final Random random;
    private final String workerId;
    private final Duration sendBudget;
    private final int claimLimit;
    private final java.util.function.LongSupplier ticker;
    // Each adapter's typical request time in nanoseconds (a moving average), which sizes its groups of attempts.
    private final Map<ChannelAdapter, Long> requestNanos = new IdentityHashMap<>();
    // Set by DeliveryScheduler on shutdown: finish the request under way, hand back the rest of the round.
    private volatile boolean stopping;

    private DeliveryPipeline(Builder b) {
        this.outbox = b.outbox;
        this.suppressions = b.suppressions;
        this.consents = b.consents;
        this.frequency = b.frequency;
        this.policy = b.policy;
        this.adapters = Map.copyOf(b.adapters);
        this.random = b.random;
        this.workerId = b.workerId != null ? b.workerId : "worker-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt());
        this.rateLimiter = b.rateLimiter;
        this.ticker = b.ticker;
        this.starter = AttemptStarter.of(outbox, consents);
        this.sendBudget = sendBudget(policy.lease());
        this.claimLimit = claimLimit(policy, sendBudget, adapters.values());
        Set<ChannelAdapter> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(adapters.values());
        for (ChannelAdapter a : distinct) {
            Duration max = a.capabilities().maxSendDuration();
            if (max.compareTo(sendBudget) > 0) {
                throw new IllegalStateException("the lease of " + policy.lease() + " budgets " + sendBudget
                        + " for provider requests (nine tenths of it), but adapter " + a.getClass().getName() + " on "
                        + bucket(a.capabilities()) + " declares requests of up to " + max
                        + " (Capabilities.maxSendDuration): a worker could lose its lease mid-send. Lengthen"
                        + " DeliveryPolicy.lease to at least " + minimumLease(max)
                        + " or shorten the adapter's maxSendDuration");
            }
        }
    }

    /** The shortest lease, in whole seconds, whose send budget covers one request of up to {@code max}. */
    static Duration minimumLease(Duration max) {
        Duration lease = Duration.ofSeconds(max.multipliedBy(10).dividedBy(9).getSeconds());
        while (sendBudget(lease).compareTo(max) < 0) {
            lease = lease.plusSeconds(1);
        }
        return lease;
    }

    /**
     * The policy's claim limit, but no more than the lease's send budget can cover even if every message went
     * to the slowest adapter in its smallest batches: claiming more would only hand the rest back.
     */
    static int claimLimit(DeliveryPolicy policy, Duration budget, java.util.Collection<ChannelAdapter> adapters) {
        if (adapters.isEmpty()) {
            return policy.claimLimit();
        }
        Duration slowest = Duration.ZERO;
        int smallestBatch = Integer.MAX_VALUE;
        for (ChannelAdapter a : adapters) {
            Capabilities caps = a.capabilities();
            slowest = caps.maxSendDuration().compareTo(slowest) > 0 ? caps.maxSendDuration() : slowest;
            smallestBatch = Math.min(smallestBatch, caps.maxBatch());
        }
        long requests = Math.max(1, budget.toNanos() / slowest.toNanos());
        return (int) Math.min(policy.claimLimit(), requests * smallestBatch);
    }

    /** The part of a lease that a round spends on provider requests; the rest is left for store calls. */
    static Duration sendBudget(Duration lease) {
        return lease.minus(lease.dividedBy(10));
    }

    /** The rate limit bucket of an adapter: its channels, sorted and joined, such as {@code "email+sms"}. */
    static String bucket(Capabilities caps) {
        Set<String> ids = new TreeSet<>();
        caps.channels().forEach(c -> ids.add(c.id()));
        return String.join("+", ids);
    }

    /**
     * A builder with in-memory stores, the default policy, no adapters, and a worker id of its own for each
     * pipeline built ({@code worker-<pid>-<random>}), so two processes left at the default never pass each other's
     * lease checks.
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The outbox. */
    public OutboxStore outbox() {
        return outbox;
    }

    /** The suppression list. */
    public SuppressionStore suppressions() {
        return suppressions;
    }

    /** The consent ledger. */
    public ConsentLedger consents() {
        return consents;
    }

    /** The frequency counters. */
    public FrequencyStore frequency() {
        return frequency;
    }

    /** The policy. */
    public DeliveryPolicy policy() {
        return policy;
    }

    /** The rate limiter, shared with the pipelines built from the same builder. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** This worker's id. */
    public String workerId() {
        return workerId;
    }

    /** Asks a round under way to finish its current request and hand back the rest; later rounds do nothing. */
    void stop() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    /**
     * Enqueues a message, due at once. (A host using a JDBC outbox may instead enqueue through the store in
     * its own transaction.)
     *
     * @return false when a message with this id was enqueued before: enqueueing is idempotent
     */
    public boolean enqueue(OutboundMessage message, Instant now) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(now, "now");
        return outbox.enqueue(OutboxEntry.queued(message, now));
    }

    /** Where every enqueued message stands now. */
    public Reconciliation reconcile() {
        return outbox.reconcile();
    }

    /**
     * One round: releases expired leases, claims up to {@link DeliveryPolicy#claimLimit()} due messages (fewer
     * when the lease could not cover that many requests at the slowest adapter's {@code maxSendDuration}),
     * applies the policies and sends. Each claimed message is handled once per round; a retry or fallback
     * becomes due in a later round. After a {@link DeliveryScheduler} using this pipeline was closed, a round
     * does nothing.
     *
     * @param now the current instant, from the host's clock
     * @return what the round did
     */
    public synchronized DispatchReport dispatch(Instant now) {
        Objects.requireNonNull(now, "now");
        if (stopping) {
            return new DispatchReport(0, 0, Map.of());
        }
        long began = ticker.getAsLong();
        int released = outbox.releaseExpired(now);
        List<OutboxEntry> claimed = outbox.claim(now, workerId, now.plus(policy.lease()), claimLimit);
        Round round = new Round(now, began);
        try {
            // Consent as of "now" and the suppression list, read for every claimed message at once: nothing
            // the round does before its first send changes either.
            List<Optional<ConsentEntry>> consent = RoundReads.current(consents, claimed.stream()
                    .map(e -> new RoundReads.ConsentKey(e.customerId(), e.current().channel(), e.current().purpose()))
                    .toList(), now);
            List<Optional<Suppression>> suppressed = RoundReads.find(suppressions,
                    claimed.stream().map(e -> e.current().recipient()).toList());
            Map<ChannelAdapter, List<OutboxEntry>> ready = new LinkedHashMap<>();
            for (int i = 0; i < claimed.size(); i++) {
                OutboxEntry entry = claimed.get(i);
                Optional<DeliveryState> outcome = prepare(entry, consent.get(i), suppressed.get(i), now);
                if (outcome.isEmpty()) {
                    ready.computeIfAbsent(adapters.get(entry.current().channel()), a -> new ArrayList<>()).add(entry);
                } else {
                    round.moved(outcome.get());
                }
            }
            ready.forEach((adapter, entries) -> send(adapter, entries, round));
        } catch (RuntimeException | Error e) {
            try {
                round.flush();
            } catch (RuntimeException f) {
                e.addSuppressed(f);
            }
            throw e;
        }
        round.flush();
        DispatchReport report = new DispatchReport(released, claimed.size(), round.moved);
        if (!claimed.isEmpty() || released > 0) {
            LOG.info("dispatch {} at {}: released {}, claimed {}, moved {}", workerId, now, released, claimed.size(),
                    report.moved());
        }
        return report;
    }

    /**
     * What one round tracks: how many messages it moved to each state, the part of its lease left for provider
     * requests, and the accepted sends whose SENT states are written with the next group's attempts (one commit
     * for both), or by {@link #flush()} when no group follows and at the end of the round.
     */
    private final class Round {
        final Instant now;
        final Map<DeliveryState, Integer> moved = new EnumMap<>(DeliveryState.class);
        Duration budget = sendBudget;
        final List<AttemptStarter.Completion> accepted = new ArrayList<>();

        final long began;   // the ticker when the dispatch began, before its claim
        int groups;   // groups of requests started so far

        Round(Instant now, long began) {
            this.now = now;
            this.began = began;
        }

        void moved(DeliveryState state) {
            moved.merge(state, 1, Integer::sum);
        }

        /** Takes the accepted sends whose SENT is still to be written; {@link #completed} settles them. */
        List<AttemptStarter.Completion> takeAccepted() {
            List<AttemptStarter.Completion> taken = List.copyOf(accepted);
            accepted.clear();
            return taken;
        }

        /** Puts back accepted sends whose write failed, for the next write to try again. */
        void putBack(List<AttemptStarter.Completion> completions) {
            accepted.addAll(0, completions);
        }

        /** Counts accepted sends once their SENT states were written, or not (the lease was lost). */
        void completed(List<AttemptStarter.Completion> completions, List<Boolean> written) {
            for (int i = 0; i < completions.size(); i++) {
                AttemptStarter.Completion c = completions.get(i);
                if (!written.get(i)) {
                    moved(lostLease(c.entry()));
                    continue;
                }
                Message message = c.entry().current();
                LOG.debug("message {} sent on {} to {}", c.entry().id(), message.channel(),
                        LogSafe.address(message.recipient()));
                moved(DeliveryState.SENT);
            }
        }

        /** Writes every accepted send still pending, in one write. */
        void flush() {
            if (accepted.isEmpty()) {
                return;
            }
            List<AttemptStarter.Completion> taken = takeAccepted();
            List<Boolean> written;
            try {
                written = starter.complete(workerId, taken, now);
            } catch (RuntimeException e) {
                putBack(taken);
                throw e;
            }
            completed(taken, written);
        }
    }

    /**
     * Settles an attempt a lost worker left open, then runs the policies of the current channel (with the
     * round's reads of its consent and suppression). Returns empty when the message is ready to send, else the
     * state it was moved to.
     */
    private Optional<DeliveryState> prepare(OutboxEntry entry, Optional<ConsentEntry> consent,
                                            Optional<Suppression> suppressed, Instant now) {
        Message message = entry.current();
        Channel channel = message.channel();
        ChannelAdapter adapter = adapters.get(channel);
        if (entry.openAttempt().isPresent()) {
            // A worker recorded an attempt and lost its lease before recording the outcome.
            Attempt open = entry.openAttempt().get();
            ChannelAdapter tried = adapters.get(open.channel());
            if (tried == null || !tried.capabilities().providerDeduplicates()
                    || entry.stepAttempts() >= policy.maxAttempts()) {
                return Optional.of(finish(entry, DeliveryState.UNKNOWN_OUTCOME, DeliveryReason.NO_ANSWER,
                        "attempt " + open.number() + " by " + open.workerId() + " lost its lease before an answer",
                        now));
            }
            if (!outbox.settleAttempt(entry.id(), workerId, now)) {
                return Optional.of(lostLease(entry));
            }
            countMaybeDelivered(entry, open, open.startedAt());
        }
        Optional<Stop> stop = check(entry, message, consent, suppressed, now);
        if (stop.isEmpty() && adapter == null) {
            stop = Optional.of(new Stop(DeliveryState.DEAD_LETTERED, DeliveryReason.NO_ADAPTER,
                    "no adapter serves channel " + channel, now, true));
        }
        if (stop.isEmpty()) {
            return Optional.empty(); // a marketing send was counted by check()'s tryAcquire
        }
        return Optional.of(stopped(entry, stop.get(), now));
    }

    /** Moves an entry a policy stopped: to the next channel, a terminal state, or deferred. */
    private DeliveryState stopped(OutboxEntry entry, Stop s, Instant now) {
        Channel channel = entry.current().channel();
        // Not sent this round: forget a send counted for this entry in an earlier round that never happened
        // (a worker that died after counting). An unanswered attempt's own count (entry@n) stays.
        frequency.release(entry.id());
        if (s.state().isTerminal() && s.fallsBack() && entry.hasFallback()) {
            return reschedule(entry, DeliveryState.QUEUED, DeliveryReason.FALLBACK,
                    channel + ": " + s.reason() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"), now,
                    entry.step() + 1, now);
        }
        if (s.state().isTerminal()) {
            return finish(entry, s.state(), s.reason(), s.detail(), now);
        }
        return reschedule(entry, s.state(), s.reason(), s.detail(), s.dueAt(), entry.step(), now);
    }

    /** Why a policy stopped a message: a terminal state (maybe falling back) or a deferral until {@code dueAt}. */
    private record Stop(DeliveryState state, DeliveryReason reason, String detail, Instant dueAt, boolean fallsBack) {
    }

    private Optional<Stop> check(OutboxEntry entry, Message message, Optional<ConsentEntry> consent,
                                 Optional<Suppression> suppressed, Instant now) {
        Channel channel = message.channel();
        if (consent.isPresent() && consent.get().decision() == ConsentEntry.Decision.WITHDRAWN) {
            return Optional.of(withdrawal(message, consent.get(), now));
        }
        if (message.purpose() == Purpose.MARKETING && consent.isEmpty()) {
            return Optional.of(new Stop(DeliveryState.SUPPRESSED, DeliveryReason.NO_CONSENT,
                    "no marketing consent on " + channel, now, true));
        }
        if (suppressed.isPresent()) {
            return Optional.of(new Stop(DeliveryState.SUPPRESSED, DeliveryReason.SUPPRESSED_ADDRESS,
                    suppressed.get().reason() + " since " + suppressed.get().at(), now, true));
        }
        Optional<SendWindow> window = policy.window(channel);
        if (window.isPresent() && !window.get().isOpen(now, entry.zone())) {
            Instant opens = window.get().nextOpening(now, entry.zone());
            return Optional.of(new Stop(DeliveryState.DEFERRED, DeliveryReason.OUTSIDE_SEND_WINDOW,
                    channel + " window " + window.get() + " in " + entry.zone(), opens, false));
        }
        if (message.purpose() == Purpose.MARKETING) {
            // Check every cap and count this send in one atomic step per customer: two workers can never both
            // take the last room under a cap. Every path that then does not send releases the count (stopped()
            // and the send loop's releases).
            Optional<Instant> freeAt = frequency.tryAcquire(entry.id(), entry.customerId(), channel, now,
                    policy.caps());
            if (freeAt.isPresent()) {
                return Optional.of(new Stop(DeliveryState.DEFERRED, DeliveryReason.FREQUENCY_CAP,
                        "frequency cap reached on " + channel, freeAt.get(), false));
            }
        }
        // The idempotency key is reserved just before the send, with the attempt (AttemptStarter).
        return Optional.empty();
    }

    private static Stop withdrawal(Message message, ConsentEntry withdrawn, Instant now) {
        return new Stop(DeliveryState.SUPPRESSED, DeliveryReason.CONSENT_WITHDRAWN,
                message.purpose() + " consent withdrawn at " + withdrawn.at() + " via " + withdrawn.source(), now, true);
    }

    /**
     * An unanswered attempt may have reached the customer at {@code at}, even if a later attempt is refused:
     * it is counted against the caps for good, under its own key, besides the entry's own counted send.
     */
    private void countMaybeDelivered(OutboxEntry entry, Attempt attempt, Instant at) {
        if (entry.current().purpose() == Purpose.MARKETING) {
            frequency.record(FrequencyCaps.attemptKey(entry.id(), attempt.number()), entry.customerId(),
                    attempt.channel(), at);
        }
    }

    /**
     * Sends one adapter's entries in requests of at most maxBatch, paced by the shared rate limiter, while the
     * round's lease budget covers another request of up to maxSendDuration, a group of requests at a time.
     * Just before a group, each of its messages has its key reserved, its consent read as the ledger holds it
     * then (a withdrawal appended before stops it, even one stamped after the round's "now": time has passed
     * since the checks) and its attempt recorded; the SENT states of the group before ride along. A group is
     * one request, or, when the provider deduplicates, as many as {@link DeliveryPolicy#recordAhead()} covers.
     */
    private void send(ChannelAdapter adapter, List<OutboxEntry> claimed, Round round) {
        Instant now = round.now;
        Map<DeliveryState, Integer> moved = round.moved;
        Capabilities caps = adapter.capabilities();
        List<OutboxEntry> entries = new ArrayList<>(claimed);
        int i = 0;
        while (i < entries.size()) {
            List<OutboxEntry> rest = entries.subList(i, entries.size());
            if (stopping || round.budget.compareTo(caps.maxSendDuration()) < 0) {
                String why = stopping ? "worker " + workerId + " shutting down"
                        : "the lease cannot cover another request of up to " + caps.maxSendDuration();
                round.flush(); // no start follows: write what was accepted before handing anything back
                for (OutboxEntry e : rest) {
                    frequency.release(e.id()); // counted in prepare, but not sent this round
                    moved.merge(reschedule(e, DeliveryState.QUEUED, DeliveryReason.RELEASED, why, now, e.step(), now),
                            1, Integer::sum);
                }
                return;
            }
            int want = (int) Math.min((long) groupRequests(adapter, caps, round.budget) * caps.maxBatch(), rest.size());
            // Time has passed since the round's checks: the group about to start is checked again, before any
            // permit is taken for it. Its send windows may have closed; and after the round's first group, a STOP
            // or unsubscribe handled while earlier requests ran must stop the messages still to go.
            want -= deferClosedWindows(entries, i, want, round);
            if (want > 0 && round.groups++ > 0) {
                want -= stopSuppressedSince(entries, i, want, round);
            }
            if (want == 0) {
                continue;
            }
            rest = entries.subList(i, entries.size());
            int n = want;
            if (caps.rateLimit().isPresent()) {
                RateLimiter.Grant grant = rateLimiter.acquire(bucket(caps), caps.rateLimit().get(), want, now);
                n = grant.permits();
                if (n == 0) {
                    round.flush();
                    for (OutboxEntry e : rest) {
                        frequency.release(e.id()); // counted in prepare, but not sent this round
                        moved.merge(reschedule(e, DeliveryState.QUEUED, DeliveryReason.RATE_LIMITED,
                                "paced to " + caps.rateLimit().get(), grant.nextAt(), e.step(), now), 1, Integer::sum);
                    }
                    return;
                }
            }
            List<OutboxEntry> group = entries.subList(i, i + n);
            i += n;
            List<AttemptStarter.Start> starts = new ArrayList<>(n);
            for (OutboxEntry e : group) {
                Message m = e.current();
                starts.add(new AttemptStarter.Start(e, new Attempt(e.totalAttempts() + 1, m.channel(),
                        m.idempotencyKey(), workerId, now)));
            }
            List<AttemptStarter.Completion> along = round.takeAccepted();
            AttemptStarter.Group started;
            try {
                started = starter.start(workerId, starts, along, now);
            } catch (RuntimeException x) {
                round.putBack(along); // nothing was written: the round's flush tries them again
                throw x;
            }
            round.completed(along, started.completed());
            List<OutboxEntry> recorded = new ArrayList<>(n);
            for (int k = 0; k < started.started().size(); k++) {
                OutboxEntry e = group.get(k);
                Attempt attempt = starts.get(k).attempt();
                AttemptStarter.Started s = started.started().get(k);
                Message m = e.current();
                switch (s.outcome()) {
                    case RECORDED -> recorded.add(e.attempting(attempt, now));
                    case KEY_TAKEN -> round.moved(stopped(e, new Stop(DeliveryState.SUPPRESSED, DeliveryReason.DUPLICATE,
                            "idempotency key already used on " + m.channel() + " by another message", now, false), now));
                    case KEY_BUSY -> round.moved(stopped(e, new Stop(DeliveryState.QUEUED, DeliveryReason.RELEASED,
                            "idempotency key being reserved by another message", now, false), now));
                    case WITHDRAWN -> round.moved(stopped(e, withdrawal(m, s.withdrawal().orElseThrow(), now), now));
                    default -> round.moved(lostLease(e));
                }
            }
            RuntimeException settling = null;
            for (int from = 0; from < recorded.size(); from += caps.maxBatch()) {
                List<OutboxEntry> request = recorded.subList(from, Math.min(recorded.size(), from + caps.maxBatch()));
                round.budget = round.budget.minus(caps.maxSendDuration());
                long began = ticker.getAsLong();
                List<SendResult> results = call(adapter, request.stream().map(OutboxEntry::current).toList());
                observe(adapter, ticker.getAsLong() - began);
                // Accepted answers first: a store failing while another result is settled must not lose a
                // provider's id. A result that cannot be settled keeps its attempt open, which the lease's expiry
                // resolves; the rest of the group is still sent, as its attempts are recorded.
                for (int k = 0; k < request.size(); k++) {
                    if (results.get(k) instanceof SendResult.Accepted a) {
                        round.accepted.add(new AttemptStarter.Completion(request.get(k), a.providerId()));
                    }
                }
                for (int k = 0; k < request.size(); k++) {
                    if (!(results.get(k) instanceof SendResult.Accepted)) {
                        try {
                            round.moved(settle(request.get(k), results.get(k), caps, now));
                        } catch (RuntimeException x) {
                            if (settling == null) {
                                settling = x;
                            } else {
                                settling.addSuppressed(x);
                            }
                        }
                    }
                }
            }
            if (started.failure().isPresent()) {
                RuntimeException failure = started.failure().get();
                if (settling != null) {
                    failure.addSuppressed(settling);
                }
                throw failure; // the recorded attempts were sent first: none is left open unsent
            }
            if (settling != null) {
                throw settling; // the dispatch writes the accepted sends before it rethrows
            }
        }
        round.flush();
    }

    /**
     * Defers the messages among the {@code count} from {@code from} on whose send window has closed since the
     * round's checks; returns how many. A round takes time (a long claim, slow providers), so the window is checked
     * at the round's "now" plus the time since the dispatch began, by the ticker. Without this, a message found
     * inside its window at 20:59 could go out after 21:00. (A group of requests recorded ahead runs for about
     * {@link DeliveryPolicy#recordAhead()} after this check.)
     */
    private int deferClosedWindows(List<OutboxEntry> entries, int from, int count, Round round) {
        Instant at = round.now.plusNanos(Math.max(0, ticker.getAsLong() - round.began));
        int deferred = 0;
        for (int k = from + count - 1; k >= from; k--) {
            OutboxEntry e = entries.get(k);
            Optional<SendWindow> window = policy.window(e.current().channel());
            if (window.isEmpty() || window.get().isOpen(at, e.zone())) {
                continue;
            }
            deferred++;
            entries.remove(k);
            frequency.release(e.id()); // counted in prepare, but not sent this round
            round.moved(reschedule(e, DeliveryState.DEFERRED, DeliveryReason.OUTSIDE_SEND_WINDOW,
                    e.current().channel() + " window " + window.get() + " in " + e.zone() + " closed during the round",
                    window.get().nextOpening(at, e.zone()), e.step(), round.now));
        }
        return deferred;
    }

    /**
     * Stops the messages among the {@code count} from {@code from} on whose address was suppressed since the
     * round read the list (one read for all of them); returns how many it stopped.
     */
    private int stopSuppressedSince(List<OutboxEntry> entries, int from, int count, Round round) {
        List<OutboxEntry> next = List.copyOf(entries.subList(from, from + count));
        List<Optional<Suppression>> found = RoundReads.find(suppressions,
                next.stream().map(e -> e.current().recipient()).toList());
        int stopped = 0;
        for (int k = next.size() - 1; k >= 0; k--) {
            if (found.get(k).isPresent()) {
                Suppression s = found.get(k).get();
                entries.remove(from + k);
                round.moved(stopped(next.get(k), new Stop(DeliveryState.SUPPRESSED, DeliveryReason.SUPPRESSED_ADDRESS,
                        s.reason() + " since " + s.at() + ", during the round", round.now, true), round.now));
                stopped++;
            }
        }
        return stopped;
    }

    /** The most requests in a round's next group for this adapter; see {@link DeliveryPolicy#recordAhead()}. */
    private int groupRequests(ChannelAdapter adapter, Capabilities caps, Duration budget) {
        Long typical = requestNanos.get(adapter);
        if (!caps.providerDeduplicates() || policy.recordAhead().isZero() || typical == null) {
            return 1; // a provider that cannot deduplicate, or one not yet measured: one request at a time
        }
        long covered = budget.toNanos() / caps.maxSendDuration().toNanos();
        long ahead = policy.recordAhead().toNanos() / Math.max(1, typical);
        return (int) Math.max(1, Math.min(MAX_GROUP_REQUESTS, Math.min(covered, ahead)));
    }

    /** The most requests whose attempts one write starts. */
    static final int MAX_GROUP_REQUESTS = 128;

    /** Folds one request's duration into the adapter's typical request time (a moving average, weight 1/4). */
    private void observe(ChannelAdapter adapter, long nanos) {
        long d = Math.max(0, nanos);
        requestNanos.merge(adapter, d, (old, now) -> old + (now - old) / 4);
    }

    /** Calls the adapter; an exception or a malformed answer counts as Unknown for every message. */
    private static List<SendResult> call(ChannelAdapter adapter, List<Message> messages) {
        List<SendResult> results;
        try {
            results = messages.size() == 1 ? List.of(adapter.send(messages.get(0))) : adapter.sendBatch(messages);
        } catch (RuntimeException e) {
            // The exception's message may quote the recipient or content: log its type only.
            LOG.warn("adapter {} threw {} for {} message(s); outcome unknown", adapter.getClass().getName(),
                    e.getClass().getName(), messages.size());
            return unknown(messages.size(), "adapter threw " + e.getClass().getName());
        }
        if (results == null || results.size() != messages.size() || results.stream().anyMatch(Objects::isNull)) {
            return unknown(messages.size(), "adapter answered " + (results == null ? "null" : results.size() + " results")
                    + " for " + messages.size() + " messages");
        }
        return results;
    }

    private static List<SendResult> unknown(int n, String reason) {
        List<SendResult> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(SendResult.unknown(reason));
        }
        return all;
    }

    /** Settles a send the provider did not accept (accepted ones are written by the {@link Round}). */
    private DeliveryState settle(OutboxEntry entry, SendResult result, Capabilities caps, Instant now) {
        Message message = entry.current();
        switch (result.kind()) {
            case ACCEPTED:
                throw new IllegalStateException("accepted sends are completed by the round");
            case RETRYABLE: {
                SendResult.Retryable r = (SendResult.Retryable) result;
                frequency.release(entry.id());
                if (entry.stepAttempts() >= policy.maxAttempts()) {
                    return finish(entry, DeliveryState.DEAD_LETTERED, DeliveryReason.RETRIES_EXHAUSTED,
                            entry.stepAttempts() + " attempts on " + message.channel() + ", last: " + r.reason(), now);
                }
                Duration wait = backoff(entry.stepAttempts());
                if (r.retryAfter().isPresent() && r.retryAfter().get().compareTo(wait) > 0) {
                    wait = r.retryAfter().get();
                }
                return reschedule(entry, DeliveryState.QUEUED, DeliveryReason.RETRY, r.reason(), now.plus(wait),
                        entry.step(), now);
            }
            case PERMANENT: {
                SendResult.Permanent p = (SendResult.Permanent) result;
                frequency.release(entry.id());
                if (p.suppressAddress()) {
                    suppressions.suppress(new Suppression(message.recipient(), Suppression.Reason.INVALID_ADDRESS, now,
                            "provider: " + p.reason()));
                }
                if (entry.hasFallback()) {
                    return reschedule(entry, DeliveryState.QUEUED, DeliveryReason.FALLBACK,
                            message.channel() + " refused: " + p.reason(), now, entry.step() + 1, now);
                }
                return finish(entry, DeliveryState.DEAD_LETTERED, DeliveryReason.PERMANENT_FAILURE, p.reason(), now);
            }
            default: {
                SendResult.Unknown u = (SendResult.Unknown) result;
                if (caps.providerDeduplicates() && entry.stepAttempts() < policy.maxAttempts()) {
                    countMaybeDelivered(entry, entry.openAttempt().orElseThrow(), now);
                    return reschedule(entry, DeliveryState.QUEUED, DeliveryReason.RETRY,
                            "no answer, resent with the same key: " + u.reason(), now.plus(backoff(entry.stepAttempts())),
                            entry.step(), now);
                }
                LOG.warn("message {} on {} to {}: outcome unknown ({}); not resent, reconcile with the provider",
                        entry.id(), message.channel(), LogSafe.address(message.recipient()), u.reason());
                return finish(entry, DeliveryState.UNKNOWN_OUTCOME, DeliveryReason.NO_ANSWER, u.reason(), now);
            }
        }
    }

    /** Exponential backoff with equal jitter: half the doubled delay fixed, half random. */
    private Duration backoff(int attempts) {
        double doubled = policy.initialBackoff().toMillis() * Math.pow(2, Math.min(Math.max(attempts - 1, 0), 40));
        long base = (long) Math.min(policy.maxBackoff().toMillis(), doubled);
        long half = base / 2;
        return Duration.ofMillis(base - half + (long) (random.nextDouble() * half));
    }

    private DeliveryState reschedule(OutboxEntry entry, DeliveryState state, DeliveryReason reason, String detail,
                                     Instant dueAt, int step, Instant now) {
        if (!outbox.reschedule(entry.id(), workerId, state, reason, detail, dueAt, step, now)) {
            return lostLease(entry);
        }
        LOG.debug("message {} on {} to {}: {} {} until {}", entry.id(), entry.plan().get(step).channel(),
                LogSafe.address(entry.plan().get(step).recipient()), state, reason, dueAt);
        return state;
    }

    private DeliveryState finish(OutboxEntry entry, DeliveryState state, DeliveryReason reason, String detail,
                                 Instant now) {
        if (!outbox.finish(entry.id(), workerId, state, reason, detail, now)) {
            return lostLease(entry);
        }
        LOG.debug("message {} on {} to {}: {} {} ({})", entry.id(), entry.current().channel(),
                LogSafe.address(entry.current().recipient()), state, reason, detail);
        return state;
    }

    private DeliveryState lostLease(OutboxEntry entry) {
        LOG.warn("worker {} lost its lease on message {}; another worker has it", workerId, entry.id());
        return DeliveryState.IN_FLIGHT;
    }

    /** Collects the stores, policy and adapters. Not thread-safe. */
    public static final class Builder {

        private OutboxStore outbox = OutboxStore.inMemory();
        private SuppressionStore suppressions = SuppressionStore.inMemory();
        private ConsentLedger consents = ConsentLedger.inMemory();
        private FrequencyStore frequency = FrequencyStore.inMemory();
        private DeliveryPolicy policy = DeliveryPolicy.newBuilder().build();
        private final Map<Channel, ChannelAdapter> adapters = new HashMap<>();
        private Random random = new Random();
        private String workerId;   // none: one of its own per pipeline built
        private RateLimiter rateLimiter = RateLimiter.inMemory();
        private java.util.function.LongSupplier ticker = System::nanoTime;

        private Builder() {
        }

        /** The outbox. */
        public Builder outbox(OutboxStore store) {
            this.outbox = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The suppression list. */
        public Builder suppressions(SuppressionStore store) {
            this.suppressions = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The consent ledger. */
        public Builder consents(ConsentLedger ledger) {
            this.consents = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** The frequency counters. */
        public Builder frequency(FrequencyStore store) {
            this.frequency = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The policy. */
        public Builder policy(DeliveryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Sends every channel the adapter declares through it; one adapter per channel. */
        public Builder adapter(ChannelAdapter adapter) {
            Objects.requireNonNull(adapter, "adapter");
            for (Channel c : adapter.capabilities().channels()) {
                ChannelAdapter before = adapters.putIfAbsent(c, adapter);
                if (before != null && before != adapter) {
                    throw new IllegalStateException("channel " + c + " already has adapter " + before.getClass().getName());
                }
            }
            return this;
        }

        /** The source of backoff jitter; seed it for reproducible tests. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** This worker's id, distinct per worker sharing an outbox; it names leases and attempts. */
        public Builder workerId(String workerId) {
            Objects.requireNonNull(workerId, "workerId");
            if (workerId.isBlank()) {
                throw new IllegalArgumentException("workerId must not be blank");
            }
            this.workerId = workerId;
            return this;
        }

        /**
         * The rate limiter; by default one in memory made with this builder, so every pipeline it builds (the
         * workers of one process, each with its own {@link #workerId}) shares it. Give workers in several
         * processes {@link JdbcStores#rateLimiter()}.
         */
        public Builder rateLimiter(RateLimiter limiter) {
            this.rateLimiter = Objects.requireNonNull(limiter, "limiter");
            return this;
        }

        /** The source of elapsed nanoseconds that times provider requests (to size groups); for tests. */
        Builder ticker(java.util.function.LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * The pipeline. May be called again (with another {@link #workerId}) for more workers sharing the
         * stores and the rate limiter.
         *
         * @throws IllegalStateException when an adapter's {@link Capabilities#maxSendDuration()} exceeds nine
         *                               tenths of the policy's lease
         */
        public DeliveryPipeline build() {
            return new DeliveryPipeline(this);
        }
    }
}
