package io.recall.incentive;

import com.fasterxml.jackson.databind.JsonNode;
import io.recall.config.ConfigException;
import io.recall.internal.JsonInput;
import io.recall.model.Money;
import io.recall.segment.SegmentScheme;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/** Reads rule-set JSON, collecting every problem with its JSON path. One instance per load. */
final class RuleSetJson {

    private static final Set<String> TOP = Set.of("name", "description", "currency", "zone", "selection",
            "perCustomerLimit", "valuation", "budgets", "rules");
    private static final Set<String> SELECTION = Set.of("strategy", "maxOffers", "minimumUptake");
    private static final Set<String> VALUATION = Set.of("pointValue", "shipping");
    private static final Set<String> BUDGET = Set.of("id", "segment", "rules", "money", "count", "reset", "scope");
    private static final Set<String> RULE = Set.of("id", "description", "priority", "exclusiveGroup", "stackable",
            "mayMakeFree", "expectedUptake", "when", "offer", "terms");
    private static final Set<String> TERMS = Set.of("maxDiscount", "minimumSpend", "categories", "skus", "validForDays");
    private static final Set<String> RANGE = Set.of("min", "max");
    private static final Set<String> WINDOW = Set.of("from", "until", "zone");
    private static final Map<String, Set<String>> OFFER = Map.of(
            "percent-off", Set.of("type", "percent"),
            "amount-off", Set.of("type", "amount"),
            "spend-and-save", Set.of("type", "tiers"),
            "free-shipping", Set.of("type"),
            "gift-with-purchase", Set.of("type", "sku", "stock", "cost"),
            "points-multiplier", Set.of("type", "factor"),
            "points-for-gift", Set.of("type", "points", "sku", "cost"),
            "member-benefits", Set.of("type", "upgradeTo", "benefits", "cost"),
            "product-offer", Set.of("type", "skus", "fromRecommendations", "percent"),
            "service", Set.of("type", "services", "cost"));

    private final JsonInput in = new JsonInput("incentive rule set");
    private ZoneId campaignZone = ZoneId.of("UTC");

    private RuleSetJson() {
    }

    static RuleSet read(String json, SegmentScheme scheme) {
        return new RuleSetJson().parse(json, scheme);
    }

    private RuleSet parse(String json, SegmentScheme scheme) {
        JsonNode root = in.parse(json);
        if (!in.object(root, "$")) {
            in.throwIfProblems();
        }
        in.onlyKnown(root, "$", TOP);
        String name = in.requiredText(root, "name", "$").orElse("unnamed");
        Optional<Currency> currency = in.requiredText(root, "currency", "$").flatMap(c -> attempt("$.currency",
                "an ISO 4217 currency code", () -> Money.currency(c)));
        if (currency.isEmpty()) {
            in.throwIfProblems();
        }
        RuleSet.Builder b = RuleSet.newBuilder(name, currency.get(), scheme);
        in.optionalText(root, "zone", "$").flatMap(z -> attempt("$.zone", "a time zone id such as Europe/London",
                () -> ZoneId.of(z))).ifPresent(z -> {
                    b.zone(z);
                    campaignZone = z;
                });
        JsonNode sel = root.get("selection");
        if (sel != null && in.object(sel, "$.selection")) {
            in.onlyKnown(sel, "$.selection", SELECTION);
            SelectionStrategy strategy = SelectionStrategy.BEST_FOR_CUSTOMER;
            Optional<String> s = in.optionalText(sel, "strategy", "$.selection");
            if (s.isPresent()) {
                strategy = null;
                for (SelectionStrategy st : SelectionStrategy.values()) {
                    if (st.jsonName().equals(s.get())) {
                        strategy = st;
                    }
                }
                if (strategy == null) {
                    in.problem("$.selection.strategy", "\"best-for-customer\" or \"cheapest-expected-to-work\"", "\"" + s.get() + "\"");
                    strategy = SelectionStrategy.BEST_FOR_CUSTOMER;
                }
            }
            int maxOffers = sel.has("maxOffers") ? (int) in.requiredLong(sel, "maxOffers", "$.selection", 1, 16).orElse(1) : 1;
            BigDecimal uptake = sel.has("minimumUptake")
                    ? share(sel.get("minimumUptake"), "$.selection.minimumUptake").orElse(BigDecimal.ZERO) : BigDecimal.ZERO;
            b.selection(strategy, maxOffers, uptake);
        }
        if (root.has("perCustomerLimit")) {
            b.perCustomerLimit((int) in.requiredLong(root, "perCustomerLimit", "$", 1, 1000).orElse(1));
        }
        JsonNode val = root.get("valuation");
        if (val != null && in.object(val, "$.valuation")) {
            in.onlyKnown(val, "$.valuation", VALUATION);
            Money zero = Money.zero(currency.get());
            Money point = val.has("pointValue") ? money(val.get("pointValue"), "$.valuation.pointValue", true, false).orElse(zero) : zero;
            Money ship = val.has("shipping") ? money(val.get("shipping"), "$.valuation.shipping", true).orElse(zero) : zero;
            attempt("$.valuation", "a valuation in one currency", () -> new Valuation(point, ship)).ifPresent(b::valuation);
        }
        JsonNode budgets = root.get("budgets");
        if (budgets != null) {
            if (!budgets.isArray()) {
                in.problem("$.budgets", "an array", JsonInput.describe(budgets));
            } else {
                for (int j = 0; j < budgets.size(); j++) {
                    int at = j;
                    budget(budgets.get(j), "$.budgets[" + j + "]").ifPresent(x -> b.budget(x, at));
                }
            }
        }
        in.requiredArray(root, "rules", "$").ifPresent(rules -> {
            for (int k = 0; k < rules.size(); k++) {
                int at = k;
                rule(rules.get(k), "$.rules[" + k + "]").ifPresent(x -> b.rule(x, at));
            }
        });
        try {
            return b.build(in.problems());
        } catch (ConfigException e) {
            throw e;
        }
    }

    private Optional<Budget> budget(JsonNode node, String path) {
        if (!in.object(node, path)) {
            return Optional.empty();
        }
        in.onlyKnown(node, path, BUDGET);
        Optional<String> id = in.requiredText(node, "id", path);
        Optional<String> segment = in.optionalText(node, "segment", path);
        Set<String> rules = texts(node.get("rules"), path + ".rules");
        Optional<Money> money = node.has("money") ? money(node.get("money"), path + ".money", true) : Optional.empty();
        OptionalLong count = node.has("count") ? in.requiredLong(node, "count", path, 0, Long.MAX_VALUE) : OptionalLong.empty();
        if (!node.has("money") && !node.has("count")) {
            in.problem(path, "\"money\", \"count\" or both", "neither");
            return Optional.empty();
        }
        Optional<BudgetPeriod> reset = Optional.empty();
        Optional<String> resetText = in.optionalText(node, "reset", path);
        if (resetText.isPresent()) {
            reset = BudgetPeriod.byJsonName(resetText.get());
            if (reset.isEmpty()) {
                in.problem(path + ".reset", "\"daily\", \"weekly\" or \"monthly\"", "\"" + resetText.get() + "\"");
                return Optional.empty();
            }
        }
        boolean across = false;
        Optional<String> scope = in.optionalText(node, "scope", path);
        if (scope.isPresent()) {
            if (!scope.get().equals("campaign") && !scope.get().equals("all-campaigns")) {
                in.problem(path + ".scope", "\"campaign\" or \"all-campaigns\"", "\"" + scope.get() + "\"");
                return Optional.empty();
            }
            across = scope.get().equals("all-campaigns");
        }
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<BudgetPeriod> r = reset;
        boolean a = across;
        return attempt(path, "a valid budget", () -> new Budget(id.get(), segment, rules, money, count, r, a));
    }

    private Optional<IncentiveRule> rule(JsonNode node, String path) {
        if (!in.object(node, path)) {
            return Optional.empty();
        }
        in.onlyKnown(node, path, RULE);
        Optional<String> id = in.requiredText(node, "id", path);
        int priority = node.has("priority") ? (int) in.requiredLong(node, "priority", path, -1_000_000, 1_000_000).orElse(0) : 0;
        Optional<String> group = in.optionalText(node, "exclusiveGroup", path);
        boolean stackable = bool(node, "stackable", path);
        boolean mayMakeFree = bool(node, "mayMakeFree", path);
        BigDecimal uptake = node.has("expectedUptake") ? share(node.get("expectedUptake"), path + ".expectedUptake")
                .orElse(BigDecimal.ZERO) : new BigDecimal("0.05");
        List<RuleCondition> conditions = new ArrayList<>();
        JsonNode when = node.get("when");
        if (when != null && in.object(when, path + ".when")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = when.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                condition(e.getKey(), e.getValue(), path + ".when." + e.getKey(), conditions);
            }
        }
        Optional<Offer> offer = Optional.empty();
        JsonNode offerNode = node.get("offer");
        if (offerNode == null) {
            in.problem(path + ".offer", "an offer", "nothing");
        } else if (in.object(offerNode, path + ".offer")) {
            offer = offer(offerNode, path + ".offer");
        }
        OfferTerms terms = OfferTerms.DEFAULT;
        JsonNode t = node.get("terms");
        if (t != null && in.object(t, path + ".terms")) {
            in.onlyKnown(t, path + ".terms", TERMS);
            Optional<Money> cap = t.has("maxDiscount") ? money(t.get("maxDiscount"), path + ".terms.maxDiscount", true) : Optional.empty();
            Optional<Money> min = t.has("minimumSpend") ? money(t.get("minimumSpend"), path + ".terms.minimumSpend", true) : Optional.empty();
            Set<String> categories = texts(t.get("categories"), path + ".terms.categories");
            Set<String> skus = texts(t.get("skus"), path + ".terms.skus");
            int days = t.has("validForDays") ? (int) in.requiredLong(t, "validForDays", path + ".terms", 1, 366).orElse(30) : 30;
            terms = new OfferTerms(cap, min, categories, skus, days);
        }
        if (id.isEmpty() || offer.isEmpty()) {
            return Optional.empty();
        }
        Offer o = offer.get();
        OfferTerms tt = terms;
        return attempt(path, "a valid rule", () -> new IncentiveRule(id.get(), priority, group, stackable, mayMakeFree,
                uptake, conditions, o, tt));
    }

    private void condition(String name, JsonNode node, String path, List<RuleCondition> out) {
        switch (name) {
            case "segment":
                oneOf(RuleCondition.Attribute.SEGMENT, node, path).ifPresent(out::add);
                return;
            case "tier":
                oneOf(RuleCondition.Attribute.TIER, node, path).ifPresent(out::add);
                return;
            case "consent":
                oneOf(RuleCondition.Attribute.CONSENT, node, path).ifPresent(out::add);
                return;
            case "validity":
                window(node, path).ifPresent(out::add);
                return;
            case "categoryAffinity":
                if (in.object(node, path)) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        range(Fact.CATEGORY_AFFINITY, Optional.of(e.getKey()), e.getValue(), path + "." + e.getKey()).ifPresent(out::add);
                    }
                }
                return;
            default:
                Optional<Fact> fact = Fact.byJsonName(name);
                if (fact.isEmpty()) {
                    Set<String> known = new java.util.TreeSet<>(Set.of("segment", "tier", "consent", "validity"));
                    for (Fact f : Fact.values()) {
                        known.add(f.jsonName());
                    }
                    in.problem(path, "one of " + known, "unknown condition '" + name + "'");
                    return;
                }
                range(fact.get(), Optional.empty(), node, path).ifPresent(out::add);
        }
    }

    private Optional<RuleCondition> oneOf(RuleCondition.Attribute attribute, JsonNode node, String path) {
        Set<String> values = node != null && node.isTextual() ? Set.of(node.asText()) : texts(node, path);
        if (values.isEmpty()) {
            in.problem(path, "a string or a non-empty array of strings", JsonInput.describe(node));
            return Optional.empty();
        }
        return Optional.of(new RuleCondition.OneOf(attribute, values));
    }

    private Optional<RuleCondition> range(Fact fact, Optional<String> category, JsonNode node, String path) {
        if (!in.object(node, path)) {
            return Optional.empty();
        }
        in.onlyKnown(node, path, RANGE);
        Optional<BigDecimal> min = node.has("min") ? bound(fact, node.get("min"), path + ".min") : Optional.empty();
        Optional<BigDecimal> max = node.has("max") ? bound(fact, node.get("max"), path + ".max") : Optional.empty();
        if (!node.has("min") && !node.has("max")) {
            in.problem(path, "\"min\", \"max\" or both", "neither");
            return Optional.empty();
        }
        if ((node.has("min") && min.isEmpty()) || (node.has("max") && max.isEmpty())) {
            return Optional.empty();
        }
        return attempt(path, "min <= max", () -> new RuleCondition.Range(fact, category, min, max));
    }

    private Optional<BigDecimal> bound(Fact fact, JsonNode node, String path) {
        if (fact.isMoney()) {
            // Amount conditions are in the rule set's currency; a currency here must be that one.
            if (node != null && node.isTextual() && node.asText().trim().contains(" ")) {
                return money(node, path, false, false).map(Money::amount);
            }
            return in.decimal(node, path);
        }
        Optional<BigDecimal> v = in.decimal(node, path);
        if (v.isPresent() && (fact == Fact.P_ALIVE || fact == Fact.CATEGORY_AFFINITY)
                && (v.get().signum() < 0 || v.get().compareTo(BigDecimal.ONE) > 0)) {
            in.problem(path, "a share 0..1", v.get().toPlainString());
            return Optional.empty();
        }
        if (v.isPresent() && !fact.isMoney() && fact != Fact.P_ALIVE && fact != Fact.CATEGORY_AFFINITY && v.get().signum() < 0) {
            in.problem(path, "a number >= 0", v.get().toPlainString());
            return Optional.empty();
        }
        return v;
    }

    private Optional<RuleCondition> window(JsonNode node, String path) {
        if (!in.object(node, path)) {
            return Optional.empty();
        }
        in.onlyKnown(node, path, WINDOW);
        Optional<LocalDateTime> from = in.requiredText(node, "from", path).flatMap(s -> attempt(path + ".from",
                "a local date-time such as 2011-12-01T00:00", () -> LocalDateTime.parse(s)));
        Optional<LocalDateTime> until = in.requiredText(node, "until", path).flatMap(s -> attempt(path + ".until",
                "a local date-time such as 2011-12-24T23:59", () -> LocalDateTime.parse(s)));
        Optional<String> zoneText = in.optionalText(node, "zone", path);
        Optional<ZoneId> zone = Optional.empty();
        if (zoneText.isPresent() && zoneText.get().equals("campaign")) {
            zone = Optional.of(campaignZone);
        } else if (zoneText.isPresent() && !zoneText.get().equals("customer")) {
            zone = attempt(path + ".zone", "\"customer\", \"campaign\" or a time zone id such as Europe/London",
                    () -> ZoneId.of(zoneText.get()));
            if (zone.isEmpty()) {
                return Optional.empty();
            }
        } else if (zoneText.isEmpty()) {
            in.problem(path + ".zone", "\"customer\", \"campaign\" or a time zone id (a window's zone is always explicit)", "nothing");
            return Optional.empty();
        }
        if (from.isEmpty() || until.isEmpty()) {
            return Optional.empty();
        }
        Optional<ZoneId> z = zone;
        return attempt(path + ".until", "a moment after " + from.get(), () -> new RuleCondition.Window(from.get(), until.get(), z));
    }

    private Optional<Offer> offer(JsonNode node, String path) {
        Optional<String> type = in.requiredText(node, "type", path);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Set<String> fields = OFFER.get(type.get());
        if (fields == null) {
            in.problem(path + ".type", "one of " + new java.util.TreeSet<>(OFFER.keySet()), "\"" + type.get() + "\"");
            return Optional.empty();
        }
        in.onlyKnown(node, path, fields);
        int before = in.problems().size();
        Offer offer;
        switch (type.get()) {
            case "percent-off": {
                Optional<BigDecimal> p = percent(node, path);
                return p.flatMap(v -> attempt(path + ".percent", "a percentage above 0, at most 100", () -> new Offer.PercentOff(v)));
            }
            case "amount-off": {
                Optional<Money> m = money(node.get("amount"), path + ".amount", false);
                return m.flatMap(v -> attempt(path + ".amount", "an amount above zero", () -> new Offer.AmountOff(v)));
            }
            case "spend-and-save": {
                List<Offer.SpendAndSave.Tier> tiers = new ArrayList<>();
                in.requiredArray(node, "tiers", path).ifPresent(arr -> {
                    for (int i = 0; i < arr.size(); i++) {
                        String tp = path + ".tiers[" + i + "]";
                        if (!in.object(arr.get(i), tp)) {
                            continue;
                        }
                        in.onlyKnown(arr.get(i), tp, Set.of("spend", "save"));
                        Optional<Money> spend = money(arr.get(i).get("spend"), tp + ".spend", false);
                        Optional<Money> save = money(arr.get(i).get("save"), tp + ".save", false);
                        if (spend.isPresent() && save.isPresent()) {
                            attempt(tp, "a saving above zero and below the spend",
                                    () -> new Offer.SpendAndSave.Tier(spend.get(), save.get())).ifPresent(tiers::add);
                        }
                    }
                });
                if (in.problems().size() > before) {
                    return Optional.empty();
                }
                return attempt(path + ".tiers", "tiers with rising spends and savings", () -> new Offer.SpendAndSave(tiers));
            }
            case "free-shipping":
                return Optional.of(new Offer.FreeShipping());
            case "gift-with-purchase": {
                Optional<String> sku = in.requiredText(node, "sku", path);
                OptionalLong stock = in.requiredLong(node, "stock", path, 1, Long.MAX_VALUE);
                Optional<Money> cost = money(node.get("cost"), path + ".cost", true);
                if (sku.isEmpty() || stock.isEmpty() || cost.isEmpty()) {
                    return Optional.empty();
                }
                offer = new Offer.GiftWithPurchase(sku.get(), stock.getAsLong(), cost.get());
                return Optional.of(offer);
            }
            case "points-multiplier": {
                Optional<BigDecimal> f = node.has("factor") ? in.decimal(node.get("factor"), path + ".factor") : Optional.empty();
                if (!node.has("factor")) {
                    in.problem(path + ".factor", "a number above 1", "nothing");
                }
                return f.flatMap(v -> attempt(path + ".factor", "a number above 1", () -> new Offer.PointsMultiplier(v)));
            }
            case "points-for-gift": {
                OptionalLong points = in.requiredLong(node, "points", path, 1, Long.MAX_VALUE);
                Optional<String> sku = in.requiredText(node, "sku", path);
                Optional<Money> cost = money(node.get("cost"), path + ".cost", true);
                if (sku.isEmpty() || points.isEmpty() || cost.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Offer.PointsForGift(points.getAsLong(), sku.get(), cost.get()));
            }
            case "member-benefits": {
                Optional<String> upgrade = in.optionalText(node, "upgradeTo", path);
                Set<Offer.Benefit> benefits = EnumSet.noneOf(Offer.Benefit.class);
                for (String s : texts(node.get("benefits"), path + ".benefits")) {
                    Optional<Offer.Benefit> bft = java.util.Arrays.stream(Offer.Benefit.values())
                            .filter(x -> x.jsonName().equals(s)).findFirst();
                    if (bft.isEmpty()) {
                        in.problem(path + ".benefits", "priority-access, longer-return-window or dedicated-service-line", "\"" + s + "\"");
                    } else {
                        benefits.add(bft.get());
                    }
                }
                Optional<Money> cost = money(node.get("cost"), path + ".cost", true);
                if (cost.isEmpty() || in.problems().size() > before) {
                    return Optional.empty();
                }
                return attempt(path, "an upgrade or at least one benefit", () -> new Offer.MemberBenefits(upgrade, benefits, cost.get()));
            }
            case "product-offer": {
                List<String> skus = new ArrayList<>(texts(node.get("skus"), path + ".skus"));
                boolean fromRec = bool(node, "fromRecommendations", path);
                Optional<BigDecimal> p = percent(node, path);
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                return attempt(path, "\"skus\" or \"fromRecommendations\": true, exactly one, and a percentage 0..100",
                        () -> new Offer.ProductOffer(skus, fromRec, p.get()));
            }
            case "service": {
                Set<Offer.Service> services = EnumSet.noneOf(Offer.Service.class);
                for (String s : texts(node.get("services"), path + ".services")) {
                    Optional<Offer.Service> sv = java.util.Arrays.stream(Offer.Service.values())
                            .filter(x -> x.jsonName().equals(s)).findFirst();
                    if (sv.isEmpty()) {
                        in.problem(path + ".services", "engraving or gift-wrap", "\"" + s + "\"");
                    } else {
                        services.add(sv.get());
                    }
                }
                Optional<Money> cost = money(node.get("cost"), path + ".cost", true);
                if (cost.isEmpty() || in.problems().size() > before) {
                    return Optional.empty();
                }
                return attempt(path + ".services", "at least one service", () -> new Offer.ServiceFlag(services, cost.get()));
            }
            default:
                throw new AssertionError(type.get());
        }
    }

    private Optional<BigDecimal> percent(JsonNode node, String path) {
        if (!node.has("percent")) {
            in.problem(path + ".percent", "a percentage above 0, at most 100", "nothing");
            return Optional.empty();
        }
        return in.decimal(node.get("percent"), path + ".percent");
    }

    /**
     * Money written as {@code "5.00 GBP"} or {@code {"amount": "5.00", "currency": "GBP"}}; never without a
     * currency, and in whole minor units of it (offer amounts, costs, caps and budgets are reserved exactly).
     */
    private Optional<Money> money(JsonNode node, String path, boolean zeroAllowed) {
        return money(node, path, zeroAllowed, true);
    }

    /**
     * As {@link #money(JsonNode, String, boolean)}; {@code wholeMinor} false admits digits below the minor unit
     * (a point's value, a condition's threshold), which are never reserved as they are.
     */
    private Optional<Money> money(JsonNode node, String path, boolean zeroAllowed, boolean wholeMinor) {
        String expected = "an amount with its currency, such as \"5.00 GBP\"";
        String amount;
        String code;
        if (node != null && node.isTextual()) {
            String[] parts = node.asText().trim().split("\\s+");
            if (parts.length != 2) {
                in.problem(path, expected, JsonInput.describe(node) + (parts.length == 1 ? " (no currency)" : ""));
                return Optional.empty();
            }
            amount = parts[0];
            code = parts[1];
        } else if (node != null && node.isObject()) {
            in.onlyKnown(node, path, Set.of("amount", "currency"));
            JsonNode a = node.get("amount");
            JsonNode c = node.get("currency");
            if (c == null || !c.isTextual()) {
                in.problem(path + ".currency", "an ISO 4217 currency code (every amount names its currency)", JsonInput.describe(c));
                return Optional.empty();
            }
            Optional<BigDecimal> dec = in.decimal(a, path + ".amount");
            if (dec.isEmpty()) {
                return Optional.empty();
            }
            amount = dec.get().toPlainString();
            code = c.asText();
        } else {
            in.problem(path, expected, JsonInput.describe(node) + (node != null && node.isNumber() ? " (no currency)" : ""));
            return Optional.empty();
        }
        Optional<Money> money = attempt(path, expected, () -> Money.of(amount, code));
        if (money.isPresent() && (money.get().isNegative() || (!zeroAllowed && money.get().isZero()))) {
            in.problem(path, zeroAllowed ? "an amount >= 0" : "an amount > 0", money.get().toString());
            return Optional.empty();
        }
        if (money.isPresent() && wholeMinor
                && money.get().amount().scale() > money.get().currency().getDefaultFractionDigits()) {
            Money m = money.get();
            in.problem(path, "an amount in whole minor units of " + m.currency().getCurrencyCode() + " ("
                    + m.currency().getDefaultFractionDigits() + " decimals)", m.amount().toPlainString() + " "
                    + m.currency().getCurrencyCode() + " has digits below the minor unit");
            return Optional.empty();
        }
        return money;
    }

    private Optional<BigDecimal> share(JsonNode node, String path) {
        Optional<BigDecimal> v = in.decimal(node, path);
        if (v.isPresent() && (v.get().signum() < 0 || v.get().compareTo(BigDecimal.ONE) > 0)) {
            in.problem(path, "a share 0..1", v.get().toPlainString());
            return Optional.empty();
        }
        return v;
    }

    private boolean bool(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            in.problem(path + "." + name, "true or false", JsonInput.describe(node));
            return false;
        }
        return node.booleanValue();
    }

    private Set<String> texts(JsonNode node, String path) {
        Set<String> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            in.problem(path, "an array of strings", JsonInput.describe(node));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                in.problem(path + "[" + i + "]", "a non-blank string", JsonInput.describe(e));
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    private <T> Optional<T> attempt(String path, String expected, Supplier<T> make) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException | DateTimeException e) {
            in.problem(path, expected, e.getMessage() == null ? e.toString() : e.getMessage());
            return Optional.empty();
        }
    }

}
