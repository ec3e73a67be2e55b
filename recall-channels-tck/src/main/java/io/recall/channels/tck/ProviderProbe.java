package io.recall.channels.tck;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The kit's view of the provider an adapter talks to: what it received, how it should answer, and which
 * delivery events it should report. An adapter author implements it over the provider stand-in their tests
 * already run (a loopback SMTP server, an SMPP simulator, a local HTTP server).
 *
 * <p>What the probe can do decides which optional rules run: an ability it lacks skips the rules that need
 * it (through JUnit {@code Assumptions}), except the behaviours in {@link #REQUIRED_BEHAVIOURS}, without which
 * the required rules cannot run and the kit fails its setup.
 *
 * <p>Behaviours are set per recipient, so the probe must recognise a recipient in whatever reaches it (an SMTP
 * {@code RCPT TO}, an SMPP destination address, a JSON field). The kit gives every message a fresh recipient
 * from {@link ChannelAdapterVerification#recipient}, so recipients never repeat within a JVM, even across
 * tests sharing one probe. Calls come from the test thread; {@link #received()} may also be called while the
 * adapter sends from other threads.
 */
public interface ProviderProbe extends AutoCloseable {

    /** The behaviours every probe must be able to inject: the required rules use them. */
    Set<Behaviour> REQUIRED_BEHAVIOURS = Set.of(Behaviour.ACCEPT, Behaviour.TRANSIENT_FAILURE,
            Behaviour.REJECT_ADDRESS, Behaviour.TIMEOUT_AFTER_SEND);

    /**
     * How the provider answers requests for a recipient.
     *
     * <p>{@link #TIMEOUT_AFTER_SEND} and {@link #UNAVAILABLE} concern a whole request; the kit never mixes them
     * with other behaviours in one batch.
     */
    enum Behaviour {
        /** Take the message and answer success (HTTP 202, SMTP 250, SMPP ESME_ROK). The default. */
        ACCEPT,
        /** Do not take it; answer a transient server error (HTTP 503, SMTP 451, SMPP ESME_RSYSERR). */
        TRANSIENT_FAILURE,
        /**
         * Do not take it; answer "too many requests" (HTTP 429, SMPP ESME_RTHROTTLED), with
         * {@link #throttleRetryAfter()} as the wait if the protocol can say one.
         */
        THROTTLE,
        /** Do not take it; the address is bad for good (SMTP 550 5.1.1, an invalid number, an unregistered token). */
        REJECT_ADDRESS,
        /** Do not take it; this message is refused for good but the address is fine (SMTP 554 5.7.1 content). */
        REJECT_CONTENT,
        /**
         * Take the message (it appears in {@link #received()}) but never answer in time: hold the response past
         * the adapter's timeout, or drop the connection after the request was read.
         */
        TIMEOUT_AFTER_SEND,
        /** Refuse the connection: the request never leaves the adapter (a closed port). */
        UNAVAILABLE
    }

    /**
     * One message the provider took and holds, after its own deduplication (a deduplicating provider that
     * receives a key twice holds it once).
     *
     * @param recipient      the address it is for, as the probe recognised it
     * @param idempotencyKey the idempotency key the adapter sent with it, if the probe {@link #seesIdempotencyKeys()}
     *                       and the adapter sent one
     * @param content        what the probe can see of the message as text (decoded body, short message, JSON
     *                       payload), if it {@link #seesContent()}
     * @param request        identifies the provider request it arrived in: messages that arrived together share it
     */
    record Received(Address recipient, Optional<String> idempotencyKey, Optional<String> content, long request) {

        /** Validates that nothing is missing. */
        public Received {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(content, "content");
        }
    }

    /** The behaviours this probe can inject; must include {@link #REQUIRED_BEHAVIOURS}. */
    Set<Behaviour> behaviours();

    /** The wait the provider asks for with {@link Behaviour#THROTTLE}, if its protocol can say one. */
    Optional<Duration> throttleRetryAfter();

    /**
     * Whether the protocol has room for an idempotency key the probe can read back (a header, a Message-ID):
     * then {@link Received#idempotencyKey()} is filled whenever the adapter sent one.
     */
    boolean seesIdempotencyKeys();

    /** Whether {@link Received#content()} is filled. */
    boolean seesContent();

    /** The delivery events this probe can make the provider report with {@link #emit}. */
    Set<DeliveryEvent.Type> emittableEvents();

    /**
     * Makes the provider answer every later request for {@code recipient} with {@code behaviour}, until
     * changed. Recipients not set get {@link Behaviour#ACCEPT}.
     *
     * @param recipient the address
     * @param behaviour one of {@link #behaviours()}
     */
    void inject(Address recipient, Behaviour behaviour);

    /** Everything the provider holds, in arrival order. */
    List<Received> received();

    /**
     * Makes the provider report an event about a message it holds, the way it really would (a webhook to the
     * adapter, a bounce report in the mailbox the adapter reads, an SMPP delivery receipt or an inbound STOP).
     * Returns once the report is on its way; the kit waits for the adapter to pass it on.
     *
     * @param type  one of {@link #emittableEvents()}
     * @param about the message, as {@link #received()} listed it
     */
    void emit(DeliveryEvent.Type type, Received about);

    /** Releases what the probe holds (stops a server the probe started). Does nothing by default. */
    @Override
    default void close() {
    }
}
