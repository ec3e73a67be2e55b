package io.recall.examples.cli;

import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.delivery.OutboxEntry;
import io.recall.journey.AdvanceReport;
import io.recall.journey.Fact;
import io.recall.journey.Journey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The journey step shared by {@code recall journeys advance} and {@code recall demo}: the example follow-up
 * journeys, loading a journey file, which sends become facts, and per-journey tallies of {@code advance}.
 */
final class JourneyJob {

    /**
     * The example follow-ups of the win-back campaign: an e-mail not opened within 3 days gets an SMS reminder;
     * a click without a purchase within 5 days gets an e-mail about the coupon that is about to expire, then an
     * SMS last call if that e-mail is not opened within 2 days. Both end at a purchase.
     */
    static final List<String> EXAMPLE_JOURNEYS = List.of("/io/recall/examples/journeys/not-opened-sms.json",
            "/io/recall/examples/journeys/clicked-no-purchase.json");

    /** The channels this tool can deliver on (a journey sending elsewhere is rejected at load). */
    static final Set<Channel> CHANNELS = Set.of(Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEBHOOK,
            Channel.CALLBACK_LIST);

    private JourneyJob() {
    }

    /** A shipped example journey. */
    static Journey example(String resource) {
        return Journey.read(CampaignJob.resource(resource), CHANNELS);
    }

    /** Loads and validates a journey file; a bad one names the file and every problem's JSON path. */
    static Journey load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("journey not found: " + file.toAbsolutePath());
        }
        try {
            return Journey.read(Files.readString(file, StandardCharsets.UTF_8), CHANNELS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SENT fact of a sent entry, only on channels that report opens (e-mail, push): an SMS or a call-back
     * row is never "opened", so a not-opened trigger on it would fire for every one.
     */
    static Optional<Fact> sentFact(OutboxEntry entry) {
        return reportsOpens(entry.plan().get(entry.step()).channel()) ? Fact.sent(entry) : Optional.empty();
    }

    /** As {@link #sentFact(OutboxEntry)}, for a message seen leaving for a provider at {@code at}. */
    static Optional<Fact> sentFact(String customerId, Message message, Instant at) {
        return reportsOpens(message.channel())
                ? Optional.of(new Fact.MessageEvent(customerId, message.idempotencyKey(), Fact.MessageKind.SENT, at))
                : Optional.empty();
    }

    private static boolean reportsOpens(Channel ch) {
        return ch.equals(Channel.EMAIL) || ch.equals(Channel.PUSH);
    }

    /** The sum of a journey's {@link AdvanceReport}s over several calls. */
    static final class Tally {
        long entered;
        long moves;
        long enqueued;
        long skipped;
        long finished;
        long exited;
        long conflicts;

        void add(AdvanceReport r) {
            entered += r.entered();
            moves += r.moves();
            enqueued += r.enqueued();
            skipped += r.skipped();
            finished += r.finished();
            exited += r.exited();
            conflicts += r.conflicts();
        }
    }
}
