package io.recall.channels.tck;

import io.recall.channels.AdapterContext;
import io.recall.channels.Capabilities;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.ForwardingChannelAdapter;
import io.recall.channels.Message;
import io.recall.channels.SendResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Adapters each with one deliberate flaw, and a verification for each, run by {@link KitSelfTest} (their names
 * do not end in Test, so Surefire leaves them alone).
 */
final class BrokenAdapters {

    private BrokenAdapters() {
    }

    /** A verification of an adapter built on the full in-memory provider. */
    abstract static class Verification extends ChannelAdapterVerification {

        @Override
        protected ProviderProbe createProbe() {
            return InMemoryProvider.full();
        }

        @Override
        protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
            return adapter((InMemoryProvider) probe, ReferenceAdapterTest.fullCapabilities(), context);
        }

        abstract ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context);
    }

    /** Never sends the idempotency key, though it declares that the provider deduplicates. */
    static class IgnoresIdempotencyVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context) {
                @Override
                protected Optional<String> idempotencyKeyFor(Message message) {
                    return Optional.empty();
                }
            };
        }
    }

    /** Sends a new random key on every attempt. */
    static class FreshKeyPerAttemptVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context) {
                @Override
                protected Optional<String> idempotencyKeyFor(Message message) {
                    return Optional.of(UUID.randomUUID().toString());
                }
            };
        }
    }

    /** Lets the provider client's exception for a 5xx escape. */
    static class ThrowsOnServerErrorVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context) {
                @Override
                protected SendResult classify(InMemoryProvider.Reply reply) {
                    if (reply.status() >= 500) {
                        throw new UncheckedIOException(new IOException("HTTP " + reply.status() + " " + reply.error()));
                    }
                    return super.classify(reply);
                }
            };
        }
    }

    /** Treats a read timeout as a permanent failure. */
    static class TimeoutIsPermanentVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context) {
                @Override
                protected SendResult onTimeout(SocketTimeoutException e) {
                    return SendResult.permanent("provider timed out", false);
                }
            };
        }
    }

    /** Keeps the request being sent in a field shared by all threads. */
    static class NotThreadSafeVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context) {
                private List<InMemoryProvider.Item> pending;

                @Override
                protected List<InMemoryProvider.Reply> submit(List<InMemoryProvider.Item> items) throws IOException {
                    pending = items;
                    try {
                        Thread.sleep(1); // Stands for building the request; long enough for another thread to step in.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.submit(pending);
                }
            };
        }
    }

    /** Declares a batch of 3 but hands its whole list to the provider in one request. */
    static class IgnoresMaxBatchVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            ChannelAdapter sendsUpTo100 = new ReferenceAdapter(provider, capabilities.withMaxBatch(100), context);
            Capabilities declared = capabilities.withMaxBatch(3);
            return new ForwardingChannelAdapter(sendsUpTo100) {
                @Override
                public Capabilities capabilities() {
                    return declared;
                }
            };
        }
    }

    /** Reports opens as clicks. */
    static class MixesUpEventsVerification extends Verification {
        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context) {
                @Override
                protected Optional<DeliveryEvent.Type> typeOf(String kind) {
                    return "open".equals(kind) ? Optional.of(DeliveryEvent.Type.CLICKED) : super.typeOf(kind);
                }
            };
        }
    }

    /** A correct adapter, but a probe that cannot inject timeouts: the kit refuses to start. */
    static class ProbeWithoutTimeoutsVerification extends Verification {
        @Override
        protected ProviderProbe createProbe() {
            return InMemoryProvider.withoutTimeouts();
        }

        @Override
        ChannelAdapter adapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
            return new ReferenceAdapter(provider, capabilities, context);
        }
    }
}
