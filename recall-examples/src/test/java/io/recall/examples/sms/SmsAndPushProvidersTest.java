package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapterDiscovery;
import io.recall.channels.ChannelAdapterProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMS and push providers are found through ServiceLoader and refuse to build an adapter without settings. */
class SmsAndPushProvidersTest {

    @ParameterizedTest
    @CsvSource({"smpp, sms, host", "http-sms, sms, endpoint", "fcm, push, accessToken"})
    void providerIsDiscoveredByNameAndNamesAMissingSetting(String name, String channel, String setting) {
        ChannelAdapterDiscovery found = ChannelAdapterDiscovery.load(getClass().getClassLoader());
        ChannelAdapterProvider provider = found.named(name).orElseThrow(() -> new AssertionError(
                name + " not discovered; problems: " + found.problems()));
        assertEquals(Set.of(Channel.of(channel)), provider.channels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.create(AdapterContext.defaults()));
        assertTrue(e.getMessage().contains("'" + setting + "'"), e.getMessage());
    }
}
