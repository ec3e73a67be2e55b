package io.recall.predict;

import io.recall.model.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Customers with no, few and extreme (500) repeat purchases, ages to 1,000 weeks, horizons to 10,000 weeks
 * and parameters over six orders of magnitude: every score is a finite number in range.
 */
class PredictionProperties {

    private static Arbitrary<Double> positive() {
        return Arbitraries.doubles().between(1e-3, 1e3).ofScale(8).map(d -> Math.exp(Math.log(1e-3) + (Math.log(1e3) - Math.log(1e-3))
                * (d - 1e-3) / (1e3 - 1e-3)));
    }

    @Provide
    Arbitrary<PurchaseModel> continuousModels() {
        Arbitrary<PeriodUnit> unit = Arbitraries.of(PeriodUnit.DAYS, PeriodUnit.WEEKS);
        Arbitrary<PurchaseModel> bg = Combinators.combine(positive(), positive(), positive(), positive(), unit)
                .as(BgNbdModel::of);
        Arbitrary<PurchaseModel> pareto = Combinators.combine(positive(), positive(), positive(), positive(), unit)
                .as(ParetoNbdModel::of);
        return Arbitraries.oneOf(bg, pareto);
    }

    @Provide
    Arbitrary<BtydSummary> customers() {
        Arbitrary<Integer> x = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 30),
                Arbitraries.just(500));
        Arbitrary<Double> age = Arbitraries.doubles().between(0, 1000).ofScale(4);
        Arbitrary<Double> share = Arbitraries.doubles().between(0, 1).ofScale(6);
        return Combinators.combine(x, age, share).as((n, t, s) ->
                BtydSummary.of("c", n, n == 0 ? 0 : s * t, t, PeriodUnit.WEEKS));
    }

    @Property(tries = 300)
    void scoresAreFiniteAndInRange(@ForAll("continuousModels") PurchaseModel model, @ForAll("customers") BtydSummary c,
                                   @ForAll @DoubleRange(min = 0, max = 10_000) double weeks) {
        double alive = model.probabilityAlive(c);
        assertTrue(alive >= 0 && alive <= 1, "P(alive) " + alive);
        double expected = model.expectedPurchases(Horizon.weeks(weeks), c);
        assertTrue(Double.isFinite(expected) && expected >= 0, "E " + expected + " of " + model + " for " + c);
        assertTrue(Double.isFinite(model.logLikelihood(c.in(model.unit()).repeatPurchases(),
                c.in(model.unit()).timeOfLastPurchase(), c.in(model.unit()).ageAtEnd())));
    }

    @Property(tries = 200)
    void longHorizonsStayFinite(@ForAll("continuousModels") PurchaseModel model, @ForAll("customers") BtydSummary c) {
        double year = model.expectedPurchases(Horizon.weeks(52), c);
        double forever = model.expectedPurchases(Horizon.weeks(10_000), c);
        assertTrue(Double.isFinite(forever) && forever >= year * (1 - 1e-9) - 1e-12,
                "10,000 weeks " + forever + " vs 52 weeks " + year + " for " + model + ", " + c);
        double fresh = model.expectedPurchasesOfNewCustomer(Horizon.weeks(10_000));
        assertTrue(Double.isFinite(fresh) && fresh >= 0);
    }

    /** For BG/NBD a more recent last purchase never lowers P(alive) (and a longer silence never raises it). */
    @Property
    void aMoreRecentPurchaseNeverLowersBgNbdAlive(@ForAll("continuousModels") PurchaseModel model,
                                                  @ForAll @IntRange(min = 1, max = 500) int x,
                                                  @ForAll @DoubleRange(min = 0, max = 1000) double age,
                                                  @ForAll @DoubleRange(min = 0, max = 1) double earlier,
                                                  @ForAll @DoubleRange(min = 0, max = 1) double later) {
        if (!(model instanceof BgNbdModel)) {
            return;
        }
        double t1 = Math.min(earlier, later) * age;
        double t2 = Math.max(earlier, later) * age;
        assertTrue(model.probabilityAlive(x, t2, age) >= model.probabilityAlive(x, t1, age));
    }

    @Property
    void bgNbdCustomersWithoutRepeatPurchasesAreAlive(@ForAll @Scale(9) @DoubleRange(min = 1e-3, max = 1e3) double r,
                                                      @ForAll @Scale(9) @DoubleRange(min = 1e-3, max = 1e3) double alpha,
                                                      @ForAll @DoubleRange(min = 0, max = 1e4) double age) {
        assertEquals(1.0, BgNbdModel.of(r, alpha, 0.8, 2.4, PeriodUnit.WEEKS).probabilityAlive(0, 0, age));
    }

    @Property(tries = 200)
    void bgBbScoresAreFiniteAndInRange(@ForAll @DoubleRange(min = 0.01, max = 100) double alpha,
                                       @ForAll @DoubleRange(min = 0.01, max = 100) double beta,
                                       @ForAll @DoubleRange(min = 0.01, max = 100) double gamma,
                                       @ForAll @DoubleRange(min = 0.01, max = 100) double delta,
                                       @ForAll @IntRange(min = 0, max = 200) int n,
                                       @ForAll @DoubleRange(min = 0, max = 1) double a,
                                       @ForAll @DoubleRange(min = 0, max = 1) double b,
                                       @ForAll @IntRange(min = 0, max = 1000) int horizon) {
        int tx = (int) Math.floor(a * n);
        int x = (int) Math.floor(b * tx);
        if (x == 0) {
            tx = 0;
        }
        BgBbModel model = BgBbModel.of(alpha, beta, gamma, delta);
        double alive = model.probabilityAlive(x, tx, n);
        assertTrue(alive >= 0 && alive <= 1, "P(alive) " + alive);
        double expected = model.expectedPurchases(Horizon.opportunities(horizon), x, tx, n);
        assertTrue(Double.isFinite(expected) && expected >= 0 && expected <= horizon * (1 + 1e-9),
                expected + " in " + horizon + " opportunities");
    }

    @Provide
    Arbitrary<Optional<FitReport>> reports() {
        Arbitrary<FitReport> report = Combinators.combine(Arbitraries.longs().between(1, 10_000_000),
                        Arbitraries.doubles().between(-1e9, 1e3).ofScale(6), Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 100_000), Arbitraries.doubles().between(0, 1e-3).ofScale(12),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40))
                .as((n, ll, it, ev, g, msg) -> new FitReport(n, ll, it, ev, g, true, msg, StandardErrors.unavailable("x")));
        Arbitrary<StandardErrors> errors = Arbitraries.oneOf(
                Arbitraries.doubles().between(1e-9, 1e6).ofScale(12).list().ofSize(4).map(v -> StandardErrors.of(
                        ordered(List.of("r", "alpha", "a", "b"), v))),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40).map(StandardErrors::unavailable));
        return Combinators.combine(report, errors).as((r, e) -> new FitReport(r.customers(), r.logLikelihood(),
                r.iterations(), r.evaluations(), r.gradientNorm(), true, r.message(), e)).optional();
    }

    @Property
    void purchaseModelsRoundTripThroughJsonExactly(@ForAll("continuousModels") PurchaseModel model) {
        assertEquals(model, PurchaseModel.fromJson(model.toJson()));
    }

    @Property
    void fittedLookingModelsRoundTripExactly(@ForAll @Scale(9) @DoubleRange(min = 1e-6, max = 1e6) double p1,
                                             @ForAll @Scale(9) @DoubleRange(min = 1e-6, max = 1e6) double p2,
                                             @ForAll @Scale(9) @DoubleRange(min = 1e-6, max = 1e6) double p3,
                                             @ForAll("reports") Optional<FitReport> report) {
        BgBbModel bb = BgBbModel.of(p1, p2, p3, p1 + p2);
        assertEquals(bb, BgBbModel.fromJson(bb.toJson()));
        GammaGammaModel gg = GammaGammaModel.of(p1, p2, p3, Money.currency("JPY"));
        assertEquals(gg, GammaGammaModel.fromJson(gg.toJson()));
        report.ifPresent(r -> {
            String json = BgNbdModel.of(p1, p2, p3, p1, PeriodUnit.DAYS).toJson();
            // Splice the report in as a fitted model would carry it, and read it back.
            String withFit = json.substring(0, json.lastIndexOf('}')) + ", \"fit\": " + fitJson(r) + ", "
                    + standardErrorsJson(r.standardErrors()) + "}";
            BgNbdModel back = BgNbdModel.fromJson(withFit);
            assertEquals(Optional.of(r), back.fit());
            assertEquals(back, BgNbdModel.fromJson(back.toJson()));
        });
    }

    private static java.util.Map<String, Double> ordered(List<String> names, List<Double> values) {
        java.util.Map<String, Double> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values.get(i));
        }
        return map;
    }

    private static String standardErrorsJson(StandardErrors e) {
        com.fasterxml.jackson.databind.node.ObjectNode n = io.recall.internal.JsonInput.MAPPER.createObjectNode();
        if (e.available()) {
            e.byParameter().forEach(n.putObject("standardErrors")::put);
        } else {
            n.putNull("standardErrors");
            n.put("standardErrorsUnavailable", e.unavailable().orElseThrow());
        }
        String text = n.toString();
        return text.substring(1, text.length() - 1);
    }

    private static String fitJson(FitReport r) {
        com.fasterxml.jackson.databind.node.ObjectNode n = io.recall.internal.JsonInput.MAPPER.createObjectNode();
        n.put("customers", r.customers());
        n.put("logLikelihood", r.logLikelihood());
        n.put("iterations", r.iterations());
        n.put("evaluations", r.evaluations());
        n.put("gradientNorm", r.gradientNorm());
        n.put("converged", r.converged());
        n.put("message", r.message());
        return n.toString();
    }
}
