package io.recall.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends messages to one provider (an SMTP relay, an SMS gateway, a push service) and reports what it
 * answered. The one interface a channel plugin must implement.
 *
 * <p>The contract, checked rule by rule by the {@code recall-channels-tck} kit:
 * <ul>
 *   <li><b>Thread-safe.</b> The pipeline sends from several threads at once.</li>
 *   <li><b>Bounded.</b> A send returns within {@link Capabilities#maxSendDuration()} per provider request.</li>
 *   <li><b>No exception for a provider's failure.</b> Every answer, every timeout and every I/O error becomes a
 *       {@link SendResult}; classify it as that type's javadoc says. (A caller still treats an exception that
 *       escapes as {@link SendResult.Unknown}.) Exceptions are only for misuse: {@link NullPointerException} for
 *       a null argument, {@link IllegalStateException} after {@link #close()}.</li>
 *   <li><b>One attempt.</b> Retrying, backoff and fallback are the pipeline's; an adapter makes one provider
 *       attempt per message per call.</li>
 *   <li><b>Idempotency key passed on.</b> Where the protocol has room for it (an {@code Idempotency-Key} header,
 *       a {@code Message-ID}, a {@code webhook-id}), the message's idempotency key goes to the provider, the
 *       same on every attempt.</li>
 *   <li><b>Declared channels only.</b> A message for a channel not in {@link Capabilities#channels()} comes back
 *       {@link SendResult.Permanent} without reaching the provider.</li>
 * </ul>
 * Extend {@link AbstractChannelAdapter}, which handles the last point, batching, rendering and closing.
 */
public interface ChannelAdapter extends AutoCloseable {

    /** What this adapter can do; the same value on every call. */
    Capabilities capabilities();

    /**
     * Sends one message: one provider attempt.
     *
     * @param message the message
     * @return what the provider answered, classified
     * @throws NullPointerException  if {@code message} is null
     * @throws IllegalStateException if the adapter was closed
     */
    SendResult send(Message message);

    /**
     * Sends several messages, in provider requests of at most {@link Capabilities#maxBatch()} messages.
     *
     * <p>The list may be of any length and mix the declared channels. The default sends one by one.
     *
     * @param messages the messages
     * @return one result per message, in the same order
     * @throws NullPointerException  if the list or a message in it is null
     * @throws IllegalStateException if the adapter was closed
     */
    default List<SendResult> sendBatch(List<Message> messages) {
        List<Message> all = List.copyOf(Objects.requireNonNull(messages, "messages"));
        List<SendResult> results = new ArrayList<>(all.size());
        for (Message message : all) {
            results.add(send(message));
        }
        return List.copyOf(results);
    }

    /**
     * Releases connections and threads, and stops reporting events. Idempotent; later sends throw
     * {@link IllegalStateException}. Does not throw.
     */
    @Override
    void close();
}
