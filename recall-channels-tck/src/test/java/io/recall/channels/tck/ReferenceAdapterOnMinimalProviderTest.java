package io.recall.channels.tck;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;

import java.time.Duration;

/**
 * The reference adapter on a custom channel, leaving rendering to a provider that neither deduplicates, nor
 * throttles, nor reports events, nor shows keys: the optional rules that need those are skipped, the rest pass.
 */
class ReferenceAdapterOnMinimalProviderTest extends ChannelAdapterVerification {

    static final Channel MESSENGER = Channel.of("messenger");

    @Override
    protected ProviderProbe createProbe() {
        return InMemoryProvider.minimal();
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        return new ReferenceAdapter((InMemoryProvider) probe, Capabilities.of(MESSENGER)
                .withRendering(Capabilities.Rendering.PROVIDER).withMaxSendDuration(Duration.ofSeconds(2)), context);
    }

    @Override
    protected Address recipient(Channel channel, int n) {
        return new Address.Custom(channel, "messenger-user-" + n);
    }
}
