package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.tck.ChannelAdapterVerification;
import io.recall.channels.tck.ProviderProbe;
import org.junit.jupiter.api.AfterAll;

/** The SMPP adapter against the contract-test kit, over a jSMPP SMSC on loopback (one for the whole run). */
class SmppSmsAdapterVerificationTest extends ChannelAdapterVerification {

    private static SmppTestServer smsc;

    @Override
    protected ProviderProbe createProbe() throws Exception {
        if (smsc == null) {
            smsc = SmppTestServer.start();
        }
        return new SharedProbe(smsc);
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        return new SmppSmsAdapter(context.withSettings(smsc.settings()));
    }

    @AfterAll
    static void stopSmsc() {
        if (smsc != null) {
            smsc.close();
            smsc = null;
        }
    }
}
