package io.recall.examples.webhook;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.tck.ChannelAdapterVerification;
import io.recall.channels.tck.ProviderProbe;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The webhook adapter against the contract-test kit, over a real HTTP receiver on loopback that verifies every
 * signature and deduplicates on {@code webhook-id}. Rule 3.7 (connection refused) is skipped by the kit because
 * one server cannot refuse one path; {@code WebhookAdapterTest} covers it against a closed port. Rules 4.x are
 * skipped: a webhook receiver reports no events.
 */
class WebhookAdapterVerificationTest extends ChannelAdapterVerification {

    private static final WebhookSecret SECRET = WebhookSecret.generate(new SecureRandom());
    private LoopbackWebhookReceiver receiver;

    @Override
    protected ProviderProbe createProbe() throws Exception {
        receiver = new LoopbackWebhookReceiver(List.of(SECRET), true);
        return receiver;
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        return WebhookAdapter.create(context.withSettings(Map.of("secrets", SECRET.encoded(),
                "connectTimeoutMillis", "500", "requestTimeoutMillis", "500", "receiverDeduplicates", "true")));
    }

    @Override
    protected Address recipient(Channel channel, int n) {
        return new Address.Webhook(receiver.endpoint("tck-" + n));
    }
}
