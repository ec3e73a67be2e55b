package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTest {

    static Message.Builder valid() {
        return Message.newBuilder().id("msg-1").idempotencyKey("campaign-7:customer-42:step-1")
                .recipient(new Address.Email("ada.lovelace@example.com")).templateId("winback-1")
                .locale(Locale.SIMPLIFIED_CHINESE).purpose(Purpose.MARKETING)
                .variable("firstName", new Variable.Text("Ada"))
                .variable("offer", new Variable.Money(new BigDecimal("88.00"), Currency.getInstance("CNY")))
                .metadata("campaign", "7");
    }

    @Test
    void theChannelIsTheRecipients() {
        assertEquals(Channel.EMAIL, valid().build().channel());
        assertEquals(Channel.SMS, valid().recipient(new Address.Phone("+8613800138000")).build().channel());
    }

    @Test
    void buildNamesTheFirstMissingField() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Message.newBuilder().id("a").idempotencyKey("k").build());
        assertEquals("recipient was not set", e.getMessage());
    }

    @Test
    void keysAreVisibleAsciiWithoutSpaces() {
        assertThrows(IllegalArgumentException.class, () -> valid().idempotencyKey("has space"));
        assertThrows(IllegalArgumentException.class, () -> valid().id("退订"));
        assertThrows(IllegalArgumentException.class, () -> valid().idempotencyKey("x".repeat(256)));
        assertEquals("x".repeat(255), valid().idempotencyKey("x".repeat(255)).build().idempotencyKey());
    }

    @Test
    void variableNamesAndMetadataKeysAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> valid().variable("first name", new Variable.Text("x")));
        assertThrows(IllegalArgumentException.class, () -> valid().metadata("", "x"));
        assertThrows(NullPointerException.class, () -> valid().variable("x", null));
    }

    @Test
    void isAnImmutableValue() {
        Message.Builder builder = valid();
        Message a = builder.build();
        builder.variable("extra", new Variable.Flag(true));
        Message b = builder.build();
        assertFalse(a.variables().containsKey("extra"));
        assertNotEquals(a, b);
        assertEquals(a, valid().build());
        assertEquals(a.hashCode(), valid().build().hashCode());
        assertEquals(a, a.toBuilder().build());
        assertThrows(UnsupportedOperationException.class, () -> a.variables().put("x", new Variable.Text("y")));
    }

    @Test
    void toStringMasksTheRecipientAndOmitsVariableValues() {
        String s = valid().build().toString();
        assertTrue(s.contains("recipient=ad***@example.com"), s);
        assertTrue(s.contains("variables=[firstName, offer]"), s);
        assertFalse(s.contains("lovelace") || s.contains("Ada") || s.contains("88"), s);
    }

    @Test
    void itemsCarryNestedVariables() {
        Variable.Items items = new Variable.Items(List.of(Map.of("name", new Variable.Text("Tea"),
                "price", new Variable.Money(new BigDecimal("12.5"), Currency.getInstance("GBP")))));
        Message m = valid().variable("viewed", items).build();
        assertEquals(items, m.variables().get("viewed"));
    }
}
