package io.recall.channels.tck;

import io.recall.channels.AdapterContext;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;

import java.time.Duration;

/**
 * The reference adapter against a provider that can do everything: every rule but 1.6 (provider rendering)
 * runs and passes. This is how an adapter author uses the kit.
 */
class ReferenceAdapterTest extends ChannelAdapterVerification {

    static Capabilities fullCapabilities() {
        return Capabilities.of(Channel.EMAIL, Channel.SMS).withMaxBatch(10).withProviderDeduplication(true)
                .withMaxSendDuration(Duration.ofSeconds(2));
    }

    @Override
    protected ProviderProbe createProbe() {
        return InMemoryProvider.full();
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        return new ReferenceAdapter((InMemoryProvider) probe, fullCapabilities(), context);
    }
}
