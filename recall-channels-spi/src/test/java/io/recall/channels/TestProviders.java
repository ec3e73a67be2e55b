package io.recall.channels;

import java.util.Set;

/** Providers for discovery tests; public with public constructors, as ServiceLoader requires. */
public final class TestProviders {

    private TestProviders() {
    }

    /** A well-behaved provider. */
    public abstract static class Base implements ChannelAdapterProvider {
        private final String name;
        private final Set<Channel> channels;

        Base(String name, Set<Channel> channels) {
            this.name = name;
            this.channels = channels;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Channel> channels() {
            return channels;
        }

        @Override
        public ChannelAdapter create(AdapterContext context) {
            throw new UnsupportedOperationException("discovery tests do not create adapters");
        }
    }

    /** Serves e-mail. */
    public static final class Email extends Base {
        public Email() {
            super("test-email", Set.of(Channel.EMAIL));
        }
    }

    /** Also claims the name test-email. */
    public static final class EmailImpostor extends Base {
        public EmailImpostor() {
            super("test-email", Set.of(Channel.EMAIL));
        }
    }

    /** Serves SMS. */
    public static final class Sms extends Base {
        public Sms() {
            super("test-sms", Set.of(Channel.SMS));
        }
    }

    /** Also serves SMS. */
    public static final class OtherSms extends Base {
        public OtherSms() {
            super("other-sms", Set.of(Channel.SMS, Channel.of("messenger")));
        }
    }

    /** Its constructor throws. */
    public static final class FailsToConstruct extends Base {
        public FailsToConstruct() {
            super("x", Set.of(Channel.EMAIL));
            throw new IllegalStateException("needs a license file");
        }
    }

    /** Its name() throws. */
    public static final class ThrowsOnName extends Base {
        public ThrowsOnName() {
            super("x", Set.of(Channel.EMAIL));
        }

        @Override
        public String name() {
            throw new IllegalStateException("not configured");
        }
    }

    /** Declares no channels. */
    public static final class NoChannels extends Base {
        public NoChannels() {
            super("empty", Set.of());
        }
    }
}
