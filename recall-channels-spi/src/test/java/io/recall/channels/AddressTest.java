package io.recall.channels;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressTest {

    @Nested
    class Email {

        @Test
        void lowerCasesTheDomainOnly() {
            assertEquals("Ada.L@example.com", new Address.Email("Ada.L@Example.COM").value());
        }

        @Test
        void rejectsWhatIsNotLocalAtDomain() {
            for (String bad : new String[] {"ada", "@example.com", "ada@", "ada @example.com", " "}) {
                assertThrows(IllegalArgumentException.class, () -> new Address.Email(bad), bad);
            }
            assertThrows(NullPointerException.class, () -> new Address.Email(null));
        }

        @Test
        void masksTheLocalPartWhenPrinted() {
            Address.Email email = new Address.Email("ada.lovelace@example.com");
            assertEquals("ad***@example.com", email.toString());
            assertFalse(email.toString().contains("lovelace"));
        }

        @Test
        void isReachedByEmail() {
            assertEquals(Channel.EMAIL, new Address.Email("a@b.c").channel());
        }
    }

    @Nested
    class Phone {

        @Test
        void acceptsE164Only() {
            assertEquals("+8613800138000", new Address.Phone("+8613800138000").e164());
            for (String bad : new String[] {"13800138000", "+0123", "+86 138 0013 8000", "+1234567890123456", "+"}) {
                assertThrows(IllegalArgumentException.class, () -> new Address.Phone(bad), bad);
            }
        }

        @Test
        void printsCountryCodeAndLastTwoDigitsOnly() {
            assertEquals("+86*********00", new Address.Phone("+8613800138000").toString());
            assertEquals("+***", new Address.Phone("+4412").toString());
        }
    }

    @Test
    void pushTokenRejectsSpacesAndMasks() {
        assertThrows(IllegalArgumentException.class, () -> new Address.PushToken("a b", Address.PushToken.Platform.IOS));
        Address.PushToken token = new Address.PushToken("fcm-token-1234567890", Address.PushToken.Platform.ANDROID);
        assertEquals("ANDROID:fcm-to***", token.toString());
        assertEquals(Channel.PUSH, token.channel());
    }

    @Test
    void webhookNeedsAnAbsoluteHttpUriAndHidesItsQuery() {
        assertThrows(IllegalArgumentException.class, () -> new Address.Webhook(URI.create("/hooks")));
        assertThrows(IllegalArgumentException.class, () -> new Address.Webhook(URI.create("ftp://example.com/x")));
        Address.Webhook hook = new Address.Webhook(URI.create("https://user:pw@hooks.example.com:8443/in?token=secret"));
        assertEquals("https://hooks.example.com:8443/in", hook.toString());
    }

    @Test
    void callbackEntryIsACallbackListAddress() {
        Address.CallbackEntry entry = new Address.CallbackEntry(new Address.Phone("+8613800138000"),
                ZoneId.of("Asia/Shanghai"));
        assertEquals(Channel.CALLBACK_LIST, entry.channel());
        assertEquals("+86*********00@Asia/Shanghai", entry.toString());
    }

    @Test
    void audienceMemberNeedsAtLeastOneIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> new Address.AudienceMember(Optional.empty(), Optional.empty()));
        Address.AudienceMember member = Address.AudienceMember.of(new Address.Email("ada@example.com"));
        assertEquals(Channel.AD_AUDIENCE, member.channel());
        assertFalse(member.toString().contains("ada@"));
    }

    @Test
    void customAddressIsForPluginChannelsOnly() {
        Channel messenger = Channel.of("messenger");
        assertFalse(messenger.isBuiltIn());
        assertEquals(messenger, new Address.Custom(messenger, "user-42").channel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Address.Custom(Channel.SMS, "+8613800138000"));
        assertTrue(e.getMessage().contains("use its own address kind"), e.getMessage());
    }

    @Test
    void builtInChannelsKnowThemselves() {
        for (Channel c : new Channel[] {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEBHOOK,
                Channel.CALLBACK_LIST, Channel.AD_AUDIENCE}) {
            assertTrue(c.isBuiltIn(), c.id());
        }
    }
}
