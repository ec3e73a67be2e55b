package io.recall.delivery;

import io.recall.channels.Channel;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to hand a message to a provider, recorded in the outbox <em>before</em> the provider is called,
 * so a worker that dies mid-send leaves a trace: an entry whose lease expired with an open attempt has an
 * unknown outcome.
 *
 * @param number         1 for the first attempt of the message, counting every channel
 * @param channel        the channel tried
 * @param idempotencyKey the key handed to the provider
 * @param workerId       the worker that made it
 * @param startedAt      when it started
 */
public record Attempt(int number, Channel channel, String idempotencyKey, String workerId, Instant startedAt) {

    /** Validates every value. */
    public Attempt {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(startedAt, "startedAt");
        if (number < 1) {
            throw new IllegalArgumentException("attempt number must be at least 1 but was " + number);
        }
    }
}
