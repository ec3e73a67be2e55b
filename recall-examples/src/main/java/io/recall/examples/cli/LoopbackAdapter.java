package io.recall.examples.cli;

import io.recall.channels.Capabilities;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.SendResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The demo's in-process provider for one channel: it opens no socket and needs no server, records every
 * message it accepts and refuses, for good, the addresses a predicate names (a mailbox that no longer exists,
 * a number out of service), so the demo shows fallback and dead letters as a real provider would cause them.
 * Thread-safe.
 */
final class LoopbackAdapter implements ChannelAdapter {

    private final Capabilities capabilities;
    private final Predicate<Message> refuse;
    private final List<Message> accepted = new ArrayList<>();
    private int refused;

    LoopbackAdapter(Channel channel, Predicate<Message> refuse) {
        // Nothing is rendered: the demo checks routing and accounting, not text (the template tests do that).
        this.capabilities = Capabilities.of(channel).withMaxBatch(100)
                .withRendering(Capabilities.Rendering.NONE);
        this.refuse = refuse;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public synchronized SendResult send(Message message) {
        if (refuse.test(message)) {
            refused++;
            return SendResult.permanent("loopback: address refused (simulated)", true);
        }
        accepted.add(message);
        return SendResult.accepted("loopback-" + capabilities.channels().iterator().next().id() + "-" + accepted.size());
    }

    /** The messages accepted so far. */
    synchronized List<Message> accepted() {
        return List.copyOf(accepted);
    }

    /** How many sends were refused. */
    synchronized int refused() {
        return refused;
    }

    @Override
    public void close() {
        // Nothing to release: no connection was opened.
    }
}
