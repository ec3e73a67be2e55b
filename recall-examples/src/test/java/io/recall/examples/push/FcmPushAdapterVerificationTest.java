package io.recall.examples.push;

import io.recall.channels.AdapterContext;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.tck.ChannelAdapterVerification;
import io.recall.channels.tck.ProviderProbe;
import io.recall.examples.sms.SharedProbe;
import org.junit.jupiter.api.AfterAll;

/**
 * The FCM push adapter against the contract-test kit, over an HTTP/2 (TLS + ALPN) server on loopback (one for the
 * whole run).
 */
class FcmPushAdapterVerificationTest extends ChannelAdapterVerification {

    private static FcmTestServer fcm;

    @Override
    protected ProviderProbe createProbe() throws Exception {
        if (fcm == null) {
            fcm = FcmTestServer.start();
        }
        return new SharedProbe(fcm);
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        return new FcmPushAdapter(context.withSettings(fcm.settings()));
    }

    @AfterAll
    static void stopFcm() {
        if (fcm != null) {
            fcm.close();
            fcm = null;
        }
    }
}
