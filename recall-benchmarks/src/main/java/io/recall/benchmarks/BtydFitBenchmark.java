package io.recall.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Fitting BG/NBD by maximum likelihood on the 2,357-customer CDNOW summary: Recall's
 * {@code BgNbdModel.fit} (distinct patterns, analytic gradient, BFGS, identifiability check) against the
 * same log-likelihood, summed over every customer with Commons Math's log-gamma, minimised by Apache
 * Commons Math 3.6.1's Nelder–Mead (restarted until it settles) or BOBYQA ({@link CommonsMathBgNbd}).
 * The set-up refuses to run unless every contender reaches Recall's log-likelihood within 1e-3 (the
 * paper's −9582.43), so the times compare fits of equal quality. Recall's target: at least 5× faster
 * than the general-purpose optimiser.
 *
 * <p>Run from the project root (the data set is found in {@code ../shared/data}, or set
 * {@code -Drecall.data.dir}):
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar BtydFitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BtydFitBenchmark {

    @Param({"recall", "commons-nelder-mead", "commons-bobyqa"})
    String fitter;

    private CdnowSummary data;
    private BgNbdFitter impl;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = CdnowSummary.load();
        impl = BgNbdFitter.named(fitter);
        BgNbdFitter.Fit reference = BgNbdFitter.named("recall").fit(data);
        BgNbdFitter.Fit mine = impl.fit(data);
        // Equal quality or no comparison: the same likelihood, evaluated the same way, at both optima.
        double recallAtOwn = CommonsMathBgNbd.logLikelihood(theta(reference), data);
        double mineAtOwn = CommonsMathBgNbd.logLikelihood(theta(mine), data);
        if (Math.abs(recallAtOwn - mineAtOwn) > 1e-3) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s reaches log-likelihood %.6f, Recall %.6f: "
                    + "not an equal-quality comparison (%s)", fitter, mineAtOwn, recallAtOwn, mine));
        }
        System.out.printf(Locale.ROOT, "%n%s: r=%.6f alpha=%.6f a=%.6f b=%.6f LL=%.6f (Recall LL=%.6f)%n", fitter,
                mine.r(), mine.alpha(), mine.a(), mine.b(), mineAtOwn, recallAtOwn);
    }

    private static double[] theta(BgNbdFitter.Fit f) {
        return new double[]{Math.log(f.r()), Math.log(f.alpha()), Math.log(f.a()), Math.log(f.b())};
    }

    @Benchmark
    public BgNbdFitter.Fit fit() {
        return impl.fit(data);
    }
}
