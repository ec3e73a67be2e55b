package io.recall.examples.webhook;

import io.recall.channels.AdapterContext;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.ChannelAdapterProvider;

import java.util.Set;

/** Finds the {@link WebhookAdapter} through {@link java.util.ServiceLoader} under the name {@code webhook}. */
public final class WebhookAdapterProvider implements ChannelAdapterProvider {

    /** For {@link java.util.ServiceLoader}; does no I/O. */
    public WebhookAdapterProvider() {
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.WEBHOOK);
    }

    @Override
    public ChannelAdapter create(AdapterContext context) {
        return WebhookAdapter.create(context);
    }
}
