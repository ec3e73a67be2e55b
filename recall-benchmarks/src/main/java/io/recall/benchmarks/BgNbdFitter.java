package io.recall.benchmarks;

import io.recall.predict.BgNbdModel;
import io.recall.predict.BtydData;
import io.recall.predict.PeriodUnit;

/** The facade {@link BtydFitBenchmark} measures: CDNOW's summary in, BG/NBD parameters and log-likelihood out. */
@FunctionalInterface
interface BgNbdFitter {

    /** r, α, a, b and the log-likelihood. */
    record Fit(double r, double alpha, double a, double b, double logLikelihood) {
    }

    Fit fit(CdnowSummary data);

    /** {@code recall}, {@code commons-nelder-mead} or {@code commons-bobyqa}. */
    static BgNbdFitter named(String name) {
        switch (name) {
            case "recall":
                return data -> {
                    BgNbdModel m = BgNbdModel.fit(BtydData.ofColumns(PeriodUnit.WEEKS, data.x(), data.tx(), data.age()));
                    return new Fit(m.r(), m.alpha(), m.a(), m.b(), m.fit().orElseThrow().logLikelihood());
                };
            case "commons-nelder-mead":
                return data -> CommonsMathBgNbd.fit(data, CommonsMathBgNbd.Method.NELDER_MEAD);
            case "commons-bobyqa":
                return data -> CommonsMathBgNbd.fit(data, CommonsMathBgNbd.Method.BOBYQA);
            default:
                throw new IllegalArgumentException("unknown fitter '" + name
                        + "'; expected recall, commons-nelder-mead or commons-bobyqa");
        }
    }
}
