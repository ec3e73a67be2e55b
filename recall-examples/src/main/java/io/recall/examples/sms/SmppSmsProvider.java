package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.ChannelAdapterProvider;

import java.util.Set;

/** Discovers {@link SmppSmsAdapter} through {@code ServiceLoader}, by the name {@code "smpp"}. */
public final class SmppSmsProvider implements ChannelAdapterProvider {

    /** For {@code ServiceLoader}; does no I/O. */
    public SmppSmsProvider() {
    }

    /** Returns {@code "smpp"}. */
    @Override
    public String name() {
        return "smpp";
    }

    /** Returns SMS. */
    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.SMS);
    }

    /** A new {@link SmppSmsAdapter}; see its settings. */
    @Override
    public ChannelAdapter create(AdapterContext context) {
        return new SmppSmsAdapter(context);
    }
}
