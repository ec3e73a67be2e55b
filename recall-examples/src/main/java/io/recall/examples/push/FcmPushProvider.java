package io.recall.examples.push;

import io.recall.channels.AdapterContext;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.ChannelAdapterProvider;

import java.util.Set;

/** Discovers {@link FcmPushAdapter} through {@code ServiceLoader}, by the name {@code "fcm"}. */
public final class FcmPushProvider implements ChannelAdapterProvider {

    /** For {@code ServiceLoader}; does no I/O. */
    public FcmPushProvider() {
    }

    /** Returns {@code "fcm"}. */
    @Override
    public String name() {
        return "fcm";
    }

    /** Returns push. */
    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.PUSH);
    }

    /** A new {@link FcmPushAdapter} with the access token from its settings. */
    @Override
    public ChannelAdapter create(AdapterContext context) {
        return new FcmPushAdapter(context);
    }
}
