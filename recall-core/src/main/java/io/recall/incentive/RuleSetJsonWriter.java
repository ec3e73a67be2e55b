package io.recall.incentive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a rule set as the JSON {@link RuleSetJson} reads, so that reading it back gives an equal rule set:
 * decimals are strings (their scale kept), amounts name their currency, window zones are written as zone ids,
 * and every default is written out.
 */
final class RuleSetJsonWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RuleSetJsonWriter() {
    }

    static String write(RuleSet rs) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", rs.name());
        root.put("currency", rs.currency().getCurrencyCode());
        root.put("zone", rs.zone().getId());
        ObjectNode sel = root.putObject("selection");
        sel.put("strategy", rs.strategy().jsonName());
        sel.put("maxOffers", rs.maxOffers());
        sel.put("minimumUptake", rs.minimumUptake().toPlainString());
        root.put("perCustomerLimit", rs.perCustomerLimit());
        ObjectNode val = root.putObject("valuation");
        val.put("pointValue", money(rs.valuation().pointValue()));
        val.put("shipping", money(rs.valuation().shipping()));
        ArrayNode budgets = root.putArray("budgets");
        for (Budget b : rs.budgets()) {
            ObjectNode n = budgets.addObject();
            n.put("id", b.id());
            b.segment().ifPresent(s -> n.put("segment", s));
            if (!b.rules().isEmpty()) {
                strings(n.putArray("rules"), b.rules());
            }
            b.money().ifPresent(m -> n.put("money", money(m)));
            if (b.count().isPresent()) {
                n.put("count", b.count().getAsLong());
            }
            b.reset().ifPresent(p -> n.put("reset", p.jsonName()));
            if (b.acrossCampaigns()) {
                n.put("scope", "all-campaigns");
            }
        }
        ArrayNode rules = root.putArray("rules");
        for (IncentiveRule r : rs.rules()) {
            rule(rules.addObject(), r);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write rule set " + rs.name(), e);
        }
    }

    private static void rule(ObjectNode n, IncentiveRule r) {
        n.put("id", r.id());
        n.put("priority", r.priority());
        r.exclusiveGroup().ifPresent(g -> n.put("exclusiveGroup", g));
        n.put("stackable", r.stackable());
        n.put("mayMakeFree", r.mayMakeFree());
        n.put("expectedUptake", r.expectedUptake().toPlainString());
        ObjectNode when = n.putObject("when");
        Set<String> names = new HashSet<>();
        ObjectNode affinity = null;
        RuleCondition previous = null;
        for (RuleCondition c : r.conditions()) {
            boolean isAffinity = c instanceof RuleCondition.Range && ((RuleCondition.Range) c).fact() == Fact.CATEGORY_AFFINITY;
            String name = isAffinity ? Fact.CATEGORY_AFFINITY.jsonName() : c.name();
            boolean continuesAffinity = isAffinity && previous instanceof RuleCondition.Range
                    && ((RuleCondition.Range) previous).fact() == Fact.CATEGORY_AFFINITY;
            if (!continuesAffinity && !names.add(name)) {
                // JSON holds one member per name: a second one would be lost or reordered on the way back.
                throw new IllegalArgumentException("rule " + r.id() + " has a second condition " + name
                        + " apart from the first; JSON holds one \"" + name + "\" per rule");
            }
            if (isAffinity) {
                RuleCondition.Range a = (RuleCondition.Range) c;
                if (!continuesAffinity) {
                    affinity = when.putObject(name);
                }
                String category = a.category().orElseThrow();
                if (affinity.has(category)) {
                    throw new IllegalArgumentException("rule " + r.id() + " has two conditions on category " + category);
                }
                range(affinity.putObject(category), a);
            } else if (c instanceof RuleCondition.Range) {
                range(when.putObject(name), (RuleCondition.Range) c);
            } else if (c instanceof RuleCondition.OneOf) {
                strings(when.putArray(name), ((RuleCondition.OneOf) c).values());
            } else {
                RuleCondition.Window w = (RuleCondition.Window) c;
                ObjectNode v = when.putObject(name);
                v.put("from", w.from().toString());
                v.put("until", w.until().toString());
                v.put("zone", w.zone().map(java.time.ZoneId::getId).orElse("customer"));
            }
            previous = c;
        }
        offer(n.putObject("offer"), r.offer());
        ObjectNode t = n.putObject("terms");
        r.terms().maxDiscount().ifPresent(m -> t.put("maxDiscount", money(m)));
        r.terms().minimumSpend().ifPresent(m -> t.put("minimumSpend", money(m)));
        if (!r.terms().categories().isEmpty()) {
            strings(t.putArray("categories"), r.terms().categories());
        }
        if (!r.terms().skus().isEmpty()) {
            strings(t.putArray("skus"), r.terms().skus());
        }
        t.put("validForDays", r.terms().validForDays());
    }

    private static void range(ObjectNode n, RuleCondition.Range r) {
        r.min().ifPresent(v -> n.put("min", v.toPlainString()));
        r.max().ifPresent(v -> n.put("max", v.toPlainString()));
    }

    private static void offer(ObjectNode n, Offer o) {
        n.put("type", o.type());
        if (o instanceof Offer.PercentOff p) {
            n.put("percent", decimal(p.percent()));
        } else if (o instanceof Offer.AmountOff a) {
            n.put("amount", money(a.amount()));
        } else if (o instanceof Offer.SpendAndSave s) {
            ArrayNode tiers = n.putArray("tiers");
            for (Offer.SpendAndSave.Tier t : s.tiers()) {
                ObjectNode x = tiers.addObject();
                x.put("spend", money(t.spend()));
                x.put("save", money(t.save()));
            }
        } else if (o instanceof Offer.GiftWithPurchase g) {
            n.put("sku", g.sku());
            n.put("stock", g.stock());
            n.put("cost", money(g.cost()));
        } else if (o instanceof Offer.PointsMultiplier m) {
            n.put("factor", decimal(m.factor()));
        } else if (o instanceof Offer.PointsForGift p) {
            n.put("points", p.points());
            n.put("sku", p.sku());
            n.put("cost", money(p.cost()));
        } else if (o instanceof Offer.MemberBenefits m) {
            m.upgradeTo().ifPresent(u -> n.put("upgradeTo", u));
            ArrayNode b = n.putArray("benefits");
            m.benefits().forEach(x -> b.add(x.jsonName()));
            n.put("cost", money(m.cost()));
        } else if (o instanceof Offer.ProductOffer p) {
            if (p.fromRecommendations()) {
                n.put("fromRecommendations", true);
            } else {
                strings(n.putArray("skus"), p.skus());
            }
            n.put("percent", decimal(p.percent()));
        } else if (o instanceof Offer.ServiceFlag s) {
            ArrayNode a = n.putArray("services");
            s.services().forEach(x -> a.add(x.jsonName()));
            n.put("cost", money(s.cost()));
        }
        // FreeShipping has nothing but its type.
    }

    private static String decimal(BigDecimal d) {
        return d.toPlainString();
    }

    private static String money(Money m) {
        return m.amount().toPlainString() + " " + m.currency().getCurrencyCode();
    }

    private static void strings(ArrayNode a, Collection<String> values) {
        values.forEach(a::add);
    }
}
