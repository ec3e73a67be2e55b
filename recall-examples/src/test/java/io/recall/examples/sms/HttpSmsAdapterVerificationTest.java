package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.tck.ChannelAdapterVerification;
import io.recall.channels.tck.ProviderProbe;
import org.junit.jupiter.api.AfterAll;

/** The HTTP SMS adapter against the contract-test kit, over an HTTPS gateway on loopback (one for the whole run). */
class HttpSmsAdapterVerificationTest extends ChannelAdapterVerification {

    private static HttpSmsTestServer gateway;

    @Override
    protected ProviderProbe createProbe() throws Exception {
        if (gateway == null) {
            gateway = HttpSmsTestServer.start();
        }
        return new SharedProbe(gateway);
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        return new HttpSmsAdapter(context.withSettings(gateway.settings()));
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
