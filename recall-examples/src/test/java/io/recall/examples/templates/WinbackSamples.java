package io.recall.examples.templates;

import io.recall.channels.Variable;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Values for every variable the shipped win-back templates use, for tests here and in other packages. */
public final class WinbackSamples {

    private WinbackSamples() {
    }

    /** A fresh, modifiable map of realistic values. */
    public static Map<String, Variable> variables() {
        Map<String, Variable> v = new HashMap<>();
        v.put("firstName", new Variable.Text("Ada"));
        v.put("hasCoupon", new Variable.Flag(true));
        v.put("couponCode", new Variable.Text("BACK20-7KQ"));
        v.put("discount", new Variable.Text("20%"));
        v.put("expiresOn", new Variable.Date(LocalDate.of(2026, 12, 31)));
        v.put("offerUrl", new Variable.Link(URI.create("https://shop.test/o/7KQ")));
        v.put("unsubscribeUrl", new Variable.Link(URI.create("https://shop.test/u/Zx9")));
        v.put("items", new Variable.Items(List.of(Map.of("name", new Variable.Text("Tea set"),
                "price", new Variable.Money(new BigDecimal("25.00"), Currency.getInstance("GBP")),
                "url", new Variable.Link(URI.create("https://shop.test/p/1"))))));
        return v;
    }
}
