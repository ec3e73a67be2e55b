package io.recall.channels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A base for adapters that takes care of the contract's bookkeeping, so a subclass only talks to its
 * provider.
 *
 * <p>{@link #send} and {@link #sendBatch} are final. For each message they check the adapter is open,
 * answer {@link SendResult.Permanent} for an undeclared channel, render it when
 * {@link Capabilities.Rendering#LOCAL} (a {@link RenderResult.Failed} becomes {@code Permanent} naming the
 * problems), then hand the rest to {@link #doSendBatch} in chunks of at most {@link Capabilities#maxBatch()}.
 * {@link #close()} is idempotent and runs {@link #doClose()} once. {@link #report(DeliveryEvent)} shields
 * the adapter from a listener that throws.
 *
 * <p>A subclass implements {@link #doSend} (one provider request for one message), overrides
 * {@link #doSendBatch} if the provider has a batch call, and keeps both thread-safe and free of
 * exceptions for provider failures.
 */
public abstract class AbstractChannelAdapter implements ChannelAdapter {

    private static final System.Logger LOG = System.getLogger(AbstractChannelAdapter.class.getName());

    private final Capabilities capabilities;
    private final AdapterContext context;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A message ready for the provider.
     *
     * @param message the message, for a declared channel
     * @param content its rendered parts when rendering is {@link Capabilities.Rendering#LOCAL}; empty otherwise
     */
    public record Outgoing(Message message, Optional<RenderResult.Rendered> content) {

        /** Validates that nothing is missing. */
        public Outgoing {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * Creates the adapter.
     *
     * @param capabilities what the adapter declares; {@link #capabilities()} returns it
     * @param context      the host's settings, listener, renderer and clock
     */
    protected AbstractChannelAdapter(Capabilities capabilities, AdapterContext context) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Returns the capabilities given to the constructor. */
    @Override
    public final Capabilities capabilities() {
        return capabilities;
    }

    /** The context given to the constructor. */
    protected final AdapterContext context() {
        return context;
    }

    /** Whether {@link #close()} was called. */
    protected final boolean isClosed() {
        return closed.get();
    }

    /** Sends one message as a batch of one. */
    @Override
    public final SendResult send(Message message) {
        return sendBatch(List.of(Objects.requireNonNull(message, "message"))).get(0);
    }

    /** Checks, renders, chunks by {@link Capabilities#maxBatch()}, and calls {@link #doSendBatch} per chunk. */
    @Override
    public final List<SendResult> sendBatch(List<Message> messages) {
        List<Message> all = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        SendResult[] results = new SendResult[all.size()];
        List<Integer> positions = new ArrayList<>(all.size());
        List<Outgoing> ready = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Message message = all.get(i);
            if (!capabilities.serves(message.channel())) {
                results[i] = SendResult.permanent("channel '" + message.channel() + "' is not served by "
                        + getClass().getSimpleName() + " (serves " + capabilities.channels() + ")", false);
                continue;
            }
            Optional<RenderResult.Rendered> content = Optional.empty();
            if (capabilities.rendering() == Capabilities.Rendering.LOCAL) {
                RenderResult rendered = render(message);
                if (rendered instanceof RenderResult.Failed failed) {
                    results[i] = SendResult.permanent("cannot render: " + failed.summary(), false);
                    continue;
                }
                content = rendered.rendered();
            }
            positions.add(i);
            ready.add(new Outgoing(message, content));
        }
        for (int from = 0; from < ready.size(); from += capabilities.maxBatch()) {
            List<Outgoing> chunk = ready.subList(from, Math.min(ready.size(), from + capabilities.maxBatch()));
            List<SendResult> answered = chunk.size() == 1
                    ? Collections.singletonList(doSend(chunk.get(0))) : doSendBatch(chunk);
            if (answered == null || answered.size() != chunk.size() || answered.stream().anyMatch(Objects::isNull)) {
                throw new IllegalStateException(getClass().getSimpleName() + ".doSendBatch answered "
                        + (answered == null ? "null" : answered.size() + " results") + " for " + chunk.size()
                        + " messages; it must answer one non-null result per message, in order");
            }
            for (int j = 0; j < chunk.size(); j++) {
                results[positions.get(from + j)] = answered.get(j);
            }
        }
        return List.copyOf(Arrays.asList(results));
    }

    /**
     * Sends one message in one provider request.
     *
     * @param outgoing the message (for a declared channel) and its rendered parts
     * @return the provider's answer, classified; never null, never thrown
     */
    protected abstract SendResult doSend(Outgoing outgoing);

    /**
     * Sends up to {@link Capabilities#maxBatch()} messages in one provider request. The default calls
     * {@link #doSend} for each; override it when the provider has a batch call.
     *
     * @param batch two or more messages, at most {@code maxBatch}
     * @return one result per message, in order
     */
    protected List<SendResult> doSendBatch(List<Outgoing> batch) {
        List<SendResult> results = new ArrayList<>(batch.size());
        for (Outgoing outgoing : batch) {
            results.add(doSend(outgoing));
        }
        return results;
    }

    /** Closes once: the first call runs {@link #doClose()}, later calls do nothing. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            doClose();
        }
    }

    /** Releases the adapter's resources; called once. Does nothing by default. */
    protected void doClose() {
    }

    /**
     * Hands an event to the context's listener. A listener that throws is logged (at WARNING, through
     * {@link System.Logger}) and otherwise ignored, so the thread that receives provider callbacks survives.
     *
     * @param event the event
     */
    protected final void report(DeliveryEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            context.events().onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "delivery event listener threw on " + event.type()
                    + " event; the event is dropped", e);
        }
    }

    private RenderResult render(Message message) {
        try {
            RenderResult result = context.renderer().render(message);
            return result != null ? result : RenderResult.failed(new RenderResult.Problem(
                    RenderResult.Problem.Kind.TEMPLATE_ERROR, message.templateId(), "renderer", "renderer returned null"));
        } catch (RuntimeException e) {
            // A renderer must not throw; a bug in one must not stop the pipeline, so it fails this message only.
            return RenderResult.failed(new RenderResult.Problem(RenderResult.Problem.Kind.TEMPLATE_ERROR,
                    message.templateId(), "renderer", "renderer threw " + e));
        }
    }
}
