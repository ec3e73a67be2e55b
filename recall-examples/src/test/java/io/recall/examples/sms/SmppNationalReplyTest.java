package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static io.recall.examples.sms.SmsTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A reply's source_addr is read by its type of number; a national number is never taken for an international one. */
class SmppNationalReplyTest {

    private static SmppSmsAdapter adapter(SmppTestServer smsc, SmsTestSupport.Events events, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(smsc.settings());
        settings.putAll(extra);
        return new SmppSmsAdapter(AdapterContext.defaults().withSettings(settings).withEvents(events)
                .withRenderer(SmsTestSupport.RAW).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void aNationalStopIsMadeE164WithTheConfiguredCountryCode() throws Exception {
        try (SmppTestServer smsc = SmppTestServer.start()) {
            SmsTestSupport.Events events = new SmsTestSupport.Events();
            SmppSmsAdapter adapter = adapter(smsc, events, Map.of("defaultCountryCode", "86"));
            try {
                await("bind", () -> smsc.binds() >= 1);
                smsc.sendReplyFrom("13800138000", TypeOfNumber.NATIONAL, "退订");
                DeliveryEvent stop = events.await("STOP", e -> e.type() == DeliveryEvent.Type.REPLIED_STOP);
                assertEquals(Optional.of(new Address.Phone("+8613800138000")), stop.recipient(), stop.toString());
                await("the confirmation", () -> smsc.submitsTo(new Address.Phone("+8613800138000")).size() == 1);
            } finally {
                adapter.close();
            }
        }
    }

    @Test
    void aNationalStopWithoutACountryCodeKeepsTheRawAddressAndIsNeverGivenAPlus() throws Exception {
        try (SmppTestServer smsc = SmppTestServer.start()) {
            SmsTestSupport.Events events = new SmsTestSupport.Events();
            SmppSmsAdapter adapter = adapter(smsc, events, Map.of());
            try {
                await("bind", () -> smsc.binds() >= 1);
                smsc.sendReplyFrom("13800138000", TypeOfNumber.NATIONAL, "退订");
                DeliveryEvent stop = events.await("STOP", e -> e.type() == DeliveryEvent.Type.REPLIED_STOP);
                assertEquals(Optional.empty(), stop.recipient(), "guessed a country: " + stop);
                assertEquals("13800138000", stop.details().get("source_addr"));
                assertEquals("NATIONAL", stop.details().get("source_addr_ton"));
                assertEquals("true", stop.details().get("unnormalised"));
            } finally {
                adapter.close();
            }
        }
    }

    @Test
    void aNationalNumberWithItsTrunkPrefixIsKeptNotDropped() throws Exception {
        try (SmppTestServer smsc = SmppTestServer.start()) {
            SmsTestSupport.Events events = new SmsTestSupport.Events();
            SmppSmsAdapter adapter = adapter(smsc, events, Map.of("defaultCountryCode", "44"));
            try {
                await("bind", () -> smsc.binds() >= 1);
                smsc.sendReplyFrom("07700900123", TypeOfNumber.NATIONAL, "STOP");
                DeliveryEvent stop = events.await("STOP", e -> e.type() == DeliveryEvent.Type.REPLIED_STOP);
                assertEquals(Optional.of(new Address.Phone("+447700900123")), stop.recipient(), stop.toString());
            } finally {
                adapter.close();
            }
        }
    }

    @Test
    void sourceAddressesAreReadByTheirTypeOfNumber() {
        Optional<String> cn = Optional.of("86");
        assertEquals(Optional.of(new Address.Phone("+447700900123")),
                SmppSmsAdapter.e164("447700900123", TypeOfNumber.INTERNATIONAL, cn, "0"));
        assertEquals(Optional.of(new Address.Phone("+447700900123")),
                SmppSmsAdapter.e164("+447700900123", TypeOfNumber.UNKNOWN, Optional.empty(), "0"));
        assertEquals(Optional.of(new Address.Phone("+447700900123")),
                SmppSmsAdapter.e164("447700900123", TypeOfNumber.UNKNOWN, Optional.empty(), "0"),
                "an untyped number starting 1-9 is international, as SMSCs commonly write it");
        assertEquals(Optional.of(new Address.Phone("+8613800138000")),
                SmppSmsAdapter.e164("13800138000", TypeOfNumber.NATIONAL, cn, "0"));
        assertEquals(Optional.of(new Address.Phone("+8613800138000")),
                SmppSmsAdapter.e164("013800138000", TypeOfNumber.UNKNOWN, cn, "0"), "unknown type, national prefix");
        assertEquals(Optional.empty(), SmppSmsAdapter.e164("13800138000", TypeOfNumber.NATIONAL, Optional.empty(), "0"));
        assertEquals(Optional.empty(), SmppSmsAdapter.e164("07700900123", TypeOfNumber.UNKNOWN, Optional.empty(), "0"));
        assertEquals(Optional.empty(), SmppSmsAdapter.e164("ACME", TypeOfNumber.ALPHANUMERIC, cn, "0"));
        assertEquals(Optional.empty(), SmppSmsAdapter.e164("", TypeOfNumber.INTERNATIONAL, cn, "0"));
    }

    @Test
    void aBadCountryCodeSettingIsRefusedByName() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", "1");
        s.put("systemId", "recall");
        s.put("sourceAddress", "10690000");
        s.put("defaultCountryCode", "8a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SmppSmsAdapter(
                AdapterContext.defaults().withSettings(s).withEvents(new SmsTestSupport.Events())));
        assertEquals(true, e.getMessage().contains("defaultCountryCode"), e.getMessage());
    }
}
