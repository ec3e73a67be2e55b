package io.recall.examples.email;

import io.recall.channels.AdapterContext;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.ChannelAdapterProvider;

import java.util.Set;

/**
 * Creates {@link SmtpAdapter}s; found by {@code ServiceLoader} under the name {@value #NAME}.
 */
public final class SmtpAdapterProvider implements ChannelAdapterProvider {

    /** The name hosts choose this provider by. */
    public static final String NAME = "smtp";

    /** For {@code ServiceLoader}; does no I/O. */
    public SmtpAdapterProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.EMAIL);
    }

    @Override
    public ChannelAdapter create(AdapterContext context) {
        return SmtpAdapter.create(context);
    }
}
