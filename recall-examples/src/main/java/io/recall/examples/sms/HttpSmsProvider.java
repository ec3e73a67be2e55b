package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.ChannelAdapterProvider;

import java.util.Set;

/** Discovers {@link HttpSmsAdapter} through {@code ServiceLoader}, by the name {@code "http-sms"}. */
public final class HttpSmsProvider implements ChannelAdapterProvider {

    /** For {@code ServiceLoader}; does no I/O. */
    public HttpSmsProvider() {
    }

    /** Returns {@code "http-sms"}. */
    @Override
    public String name() {
        return "http-sms";
    }

    /** Returns SMS. */
    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.SMS);
    }

    /** A new {@link HttpSmsAdapter}; see its settings. */
    @Override
    public ChannelAdapter create(AdapterContext context) {
        return new HttpSmsAdapter(context);
    }
}
