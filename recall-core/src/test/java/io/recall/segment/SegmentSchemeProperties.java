package io.recall.segment;

import io.recall.config.ConfigException;
import io.recall.model.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Any valid scheme, however built, survives JSON unchanged; any invalid one is refused at load. */
class SegmentSchemeProperties {

    record Draft(int levels, List<List<Condition>> rules, boolean fallback) {
    }

    @Provide
    Arbitrary<Draft> drafts() {
        return Arbitraries.integers().between(2, 6).flatMap(levels -> {
            Arbitrary<Condition> score = Combinators.combine(
                    Arbitraries.of(Field.R, Field.F, Field.M, Field.FM),
                    Arbitraries.integers().between(1, levels), Arbitraries.integers().between(0, levels - 1))
                    .as((field, min, width) -> Condition.between(field, min, Math.min(levels, min + width)));
            Arbitrary<Condition> metric = Combinators.combine(
                    Arbitraries.of(Field.RECENCY_DAYS, Field.FREQUENCY, Field.MONETARY, Field.TENURE_DAYS),
                    Arbitraries.longs().between(0, 100_000), Arbitraries.longs().between(0, 100_000))
                    .as((field, min, width) -> Condition.between(field, min, min + width));
            Arbitrary<Condition> any = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(4, score), net.jqwik.api.Tuple.of(1, metric));
            Arbitrary<List<Condition>> rule = any.list().ofMinSize(1).ofMaxSize(3)
                    .filter(cs -> cs.stream().map(Condition::field).distinct().count() == cs.size());
            return Combinators.combine(rule.list().ofMinSize(1).ofMaxSize(8), Arbitraries.of(true, false))
                    .as((rules, fallback) -> new Draft(levels, rules, fallback));
        });
    }

    static SegmentScheme build(Draft draft) {
        SegmentScheme.Builder builder = SegmentScheme.newBuilder("random", draft.levels())
                .currency(Money.currency("GBP"));
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < draft.rules().size(); i++) {
            // Some segments get two rules, to exercise anyOf.
            Segment segment = i > 0 && i % 3 == 0 ? segments.get(i - 1) : Segment.of("s" + i, "Segment " + i, "细分" + i);
            segments.add(segment);
            builder.segment(segment, draft.rules().get(i).toArray(Condition[]::new));
        }
        if (draft.fallback()) {
            builder.fallback(Segment.of("rest", "Rest", "其余"));
        }
        return builder.build();
    }

    @Property(maxDiscardRatio = 50)
    void validSchemesRoundTripThroughJson(@ForAll("drafts") Draft draft) {
        SegmentScheme scheme;
        try {
            scheme = build(draft);
        } catch (ConfigException invalid) {
            Assume.that(false);
            return;
        }
        SegmentScheme back = SegmentScheme.fromJson(scheme.toJson());
        assertEquals(scheme, back);
        assertEquals(scheme.toJson(), back.toJson());
    }

    @Property(maxDiscardRatio = 50)
    void invalidSchemesAreRefusedTheSameWayFromJson(@ForAll("drafts") Draft draft) {
        // Build through JSON written by hand from the draft: Java and JSON must agree on validity.
        StringBuilder json = new StringBuilder("{\"name\":\"random\",\"levels\":" + draft.levels()
                + ",\"currency\":\"GBP\",\"segments\":[");
        for (int i = 0; i < draft.rules().size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i).append("\",\"labels\":{\"en\":\"S\"},\"when\":{");
            List<Condition> rule = draft.rules().get(i);
            for (int j = 0; j < rule.size(); j++) {
                Condition c = rule.get(j);
                Object min = c.field() == Field.MONETARY ? "\"" + java.math.BigDecimal.valueOf(c.min(), 2) + "\"" : c.min();
                Object max = c.field() == Field.MONETARY ? "\"" + java.math.BigDecimal.valueOf(c.max(), 2) + "\"" : c.max();
                json.append(j == 0 ? "" : ",").append('"').append(c.field().jsonName()).append("\":{\"min\":")
                        .append(min).append(",\"max\":").append(max).append('}');
            }
            json.append("}}");
        }
        if (draft.fallback()) {
            json.append(",{\"id\":\"rest\",\"labels\":{\"en\":\"Rest\"}}],\"fallback\":\"rest\"}");
        } else {
            json.append("]}");
        }
        boolean javaValid = validJava(draft);
        boolean jsonValid;
        try {
            SegmentScheme.fromJson(json.toString());
            jsonValid = true;
        } catch (ConfigException e) {
            jsonValid = false;
        }
        assertEquals(javaValid, jsonValid, json::toString);
    }

    private static boolean validJava(Draft draft) {
        // One segment per rule here, like the JSON above.
        SegmentScheme.Builder builder = SegmentScheme.newBuilder("random", draft.levels()).currency(Money.currency("GBP"));
        for (int i = 0; i < draft.rules().size(); i++) {
            builder.segment(Segment.of("s" + i, "S"), draft.rules().get(i).toArray(Condition[]::new));
        }
        if (draft.fallback()) {
            builder.fallback(Segment.of("rest", "Rest"));
        }
        try {
            builder.build();
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
