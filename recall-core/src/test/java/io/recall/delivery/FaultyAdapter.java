package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.Message;
import io.recall.channels.SendResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A fault-injecting adapter (thread-safe: one provider request at a time) over a fake provider: each call answers as the schedule says (accept, 5xx, 429
 * with retry-after, permanent rejects, timeouts with or without the provider keeping the message, an
 * escaping exception, a slow send during which something else happens), and the provider records what it
 * holds after its own deduplication (when it deduplicates).
 */
class FaultyAdapter implements ChannelAdapter {

    enum Fault {
        ACCEPT, SERVER_ERROR, THROTTLE, REJECT_ADDRESS, REJECT_CONTENT, TIMEOUT_TAKEN, TIMEOUT_LOST, THROW, SLOW
    }

    /** What the provider holds: one row per message it took. */
    record Received(String idempotencyKey, Address recipient, Instant at) {
    }

    static final Duration RETRY_AFTER = Duration.ofMinutes(2);

    private final Capabilities capabilities;
    private final Function<Message, Fault> schedule;
    private final List<Received> received = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();
    private final List<Integer> requestSizes = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private int resentAfterTaken;
    private int ids;
    Instant now = Instant.EPOCH;
    Runnable duringSlowSend = () -> { };

    FaultyAdapter(Capabilities capabilities, Function<Message, Fault> schedule) {
        this.capabilities = capabilities;
        this.schedule = schedule;
    }

    static Capabilities caps(Channel channel, boolean dedupe) {
        return Capabilities.of(channel).withProviderDeduplication(dedupe);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public synchronized SendResult send(Message message) {
        requestSizes.add(1);
        return one(message);
    }

    @Override
    public synchronized List<SendResult> sendBatch(List<Message> messages) {
        if (messages.size() > capabilities.maxBatch()) {
            throw new AssertionError("batch of " + messages.size() + " exceeds maxBatch " + capabilities.maxBatch());
        }
        requestSizes.add(messages.size());
        List<SendResult> results = new ArrayList<>();
        for (Message m : messages) {
            results.add(one(m));
        }
        return results;
    }

    private SendResult one(Message m) {
        calls.add(m.idempotencyKey());
        if (!capabilities.providerDeduplicates() && taken.contains(m.idempotencyKey())) {
            resentAfterTaken++;
        }
        switch (schedule.apply(m)) {
            case ACCEPT:
                take(m);
                return SendResult.accepted("p-" + (++ids));
            case SERVER_ERROR:
                return SendResult.retryable("http 503");
            case THROTTLE:
                return SendResult.retryable("http 429", RETRY_AFTER);
            case REJECT_ADDRESS:
                return SendResult.permanent("550 5.1.1 user unknown", true);
            case REJECT_CONTENT:
                return SendResult.permanent("554 5.7.1 content rejected", false);
            case TIMEOUT_TAKEN:
                take(m);
                return SendResult.unknown("read timed out");
            case TIMEOUT_LOST:
                return SendResult.unknown("read timed out");
            case THROW:
                take(m);
                throw new IllegalStateException("provider client blew up for " + m.recipient());
            case SLOW:
                duringSlowSend.run();
                take(m);
                return SendResult.accepted("p-" + (++ids));
            default:
                throw new AssertionError();
        }
    }

    private void take(Message m) {
        if (capabilities.providerDeduplicates() && taken.contains(m.idempotencyKey())) {
            return;
        }
        taken.add(m.idempotencyKey());
        received.add(new Received(m.idempotencyKey(), m.recipient(), now));
    }

    synchronized List<Received> received() {
        return received;
    }

    synchronized List<String> calls() {
        return calls;
    }

    List<Integer> requestSizes() {
        return requestSizes;
    }

    /** Calls carrying a key the (non-deduplicating) provider already held: each one a message sent twice. */
    synchronized int resentAfterTaken() {
        return resentAfterTaken;
    }

    @Override
    public void close() {
    }
}
