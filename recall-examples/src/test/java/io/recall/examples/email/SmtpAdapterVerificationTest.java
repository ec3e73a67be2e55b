package io.recall.examples.email;

import io.recall.channels.AdapterContext;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.tck.ChannelAdapterVerification;
import io.recall.channels.tck.ProviderProbe;

import java.util.HashMap;
import java.util.Map;

/**
 * The SMTP adapter against the channel contract-test kit, over GreenMail on loopback behind the fault-injecting
 * proxy. Rules 2.1 and 2.2 are skipped: SMTP servers do not deduplicate, and the adapter says so.
 */
class SmtpAdapterVerificationTest extends ChannelAdapterVerification {

    private final LoopbackMail mail = LoopbackMail.shared();

    @Override
    protected ProviderProbe createProbe() throws Exception {
        mail.greenMail.purgeEmailFromAllMailboxes();
        return new GreenMailProbe(mail);
    }

    @Override
    protected ChannelAdapter createAdapter(AdapterContext context, ProviderProbe probe) {
        Map<String, String> settings = new HashMap<>(mail.settingsWithBounces());
        settings.put("readTimeoutMillis", "500");   // rule 3.6 and 3.8 wait for it three times
        return SmtpAdapter.create(context.withSettings(settings));
    }
}
