package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariableTest {

    @Test
    void moneyIsFormattedExactlyInTheLocale() {
        Variable.Money money = new Variable.Money(new BigDecimal("1234.5"), Currency.getInstance("GBP"));
        assertEquals("£1,234.50", money.toTemplateModel(Locale.UK));
        Variable.Money yuan = new Variable.Money(new BigDecimal("88"), Currency.getInstance("CNY"));
        assertEquals("¥88.00", yuan.toTemplateModel(Locale.SIMPLIFIED_CHINESE));
        // A value a double cannot hold survives.
        Variable.Money big = new Variable.Money(new BigDecimal("12345678901234567.89"), Currency.getInstance("USD"));
        assertEquals("$12,345,678,901,234,567.89", big.toTemplateModel(Locale.US));
    }

    @Test
    void moneyRejectsDecimalsFinerThanTheCurrency() {
        assertThrows(IllegalArgumentException.class,
                () -> new Variable.Money(new BigDecimal("1.001"), Currency.getInstance("EUR")));
        assertThrows(IllegalArgumentException.class,
                () -> new Variable.Money(new BigDecimal("1.5"), Currency.getInstance("JPY")));
        new Variable.Money(new BigDecimal("1.500"), Currency.getInstance("EUR"));
    }

    @Test
    void datesFollowTheLocale() {
        Variable.Date date = new Variable.Date(LocalDate.of(2025, 3, 5));
        assertEquals("2025年3月5日", date.toTemplateModel(Locale.SIMPLIFIED_CHINESE));
        assertTrue(((String) date.toTemplateModel(Locale.UK)).contains("2025"));
        Variable.DateTime at = new Variable.DateTime(ZonedDateTime.of(2025, 3, 5, 19, 30, 0, 0,
                ZoneId.of("Asia/Shanghai")));
        assertTrue(((String) at.toTemplateModel(Locale.UK)).contains("19:30"), "shown in its own zone");
    }

    @Test
    void decimalsKeepTheirDigits() {
        assertEquals("1,234.50", new Variable.Decimal(new BigDecimal("1234.50")).toTemplateModel(Locale.US));
        assertEquals("1.234,5", new Variable.Decimal(new BigDecimal("1234.5")).toTemplateModel(Locale.GERMANY));
    }

    @Test
    void flagsStayBooleanAndLinksMustBeAbsolute() {
        assertEquals(Boolean.TRUE, new Variable.Flag(true).toTemplateModel(Locale.ROOT));
        assertThrows(IllegalArgumentException.class, () -> new Variable.Link(URI.create("/offer")));
        assertEquals("https://shop.example/o/1", new Variable.Link(URI.create("https://shop.example/o/1"))
                .toTemplateModel(Locale.ROOT));
    }

    @Test
    void itemsBecomeAListOfMaps() {
        Variable.Items items = new Variable.Items(List.of(
                Map.of("name", new Variable.Text("Tea"), "inStock", new Variable.Flag(true)),
                Map.of("name", new Variable.Text("Cup"), "inStock", new Variable.Flag(false))));
        assertEquals(List.of(Map.of("inStock", true, "name", "Tea"), Map.of("inStock", false, "name", "Cup")),
                items.toTemplateModel(Locale.ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> new Variable.Items(List.of(Map.of("bad name", new Variable.Text("x")))));
    }
}
