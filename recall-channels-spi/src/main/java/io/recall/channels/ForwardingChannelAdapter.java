package io.recall.channels;

import java.util.List;
import java.util.Objects;

/**
 * An adapter that hands every call to another one; extend it to decorate an adapter (count, time,
 * rate-limit, inject faults in a test) by overriding only the calls that matter.
 *
 * <p>A decorator that changes what the delegate sends must still keep the whole contract; run the
 * contract-test kit against the decorated adapter.
 */
public abstract class ForwardingChannelAdapter implements ChannelAdapter {

    private final ChannelAdapter delegate;

    /**
     * Decorates {@code delegate}.
     *
     * @param delegate the adapter that does the work
     */
    protected ForwardingChannelAdapter(ChannelAdapter delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The adapter that does the work. */
    protected final ChannelAdapter delegate() {
        return delegate;
    }

    /** Returns the delegate's capabilities. */
    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    /** Sends through the delegate. */
    @Override
    public SendResult send(Message message) {
        return delegate.send(message);
    }

    /** Sends through the delegate's batch call. */
    @Override
    public List<SendResult> sendBatch(List<Message> messages) {
        return delegate.sendBatch(messages);
    }

    /** Closes the delegate. */
    @Override
    public void close() {
        delegate.close();
    }
}
