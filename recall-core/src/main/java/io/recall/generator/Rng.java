package io.recall.generator;

/**
 * A small pseudo-random generator (SplitMix64) with the distributions the shop simulation draws from.
 *
 * <p>The algorithm lives here rather than in {@link java.util.SplittableRandom} because the generator
 * promises byte-identical output for a seed on every JVM: the JDK specifies the API of its generators,
 * not their sequences, and {@link Math#log} may differ between platforms, so every transcendental
 * function here is {@link StrictMath}. Not thread-safe; each customer gets its own instance.
 */
final class Rng {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /**
     * An independent generator for one purpose of one customer: it depends only on the three values,
     * so customer {@code index} draws the same numbers whatever the size of the shop.
     */
    static Rng derive(long seed, long index, long purpose) {
        long z = mix64(mix64(seed) + purpose * GOLDEN_GAMMA);
        return new Rng(mix64(z ^ mix64(index + GOLDEN_GAMMA)));
    }

    /** The SplitMix64 finaliser: a bijection that spreads every input bit over the output. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * UNIT;
    }

    /** Uniform in (0, 1): safe to take the logarithm of. */
    double nextOpenDouble() {
        return ((nextLong() >>> 11) + 0.5) * UNIT;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive but was " + bound);
        }
        // Multiply-shift keeps the bias below 2^-32 for any int bound: far below what the simulation can show.
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [low, high). */
    double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** True with the given probability. */
    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Exponential with the given rate (mean 1 / rate); infinite when the rate is zero. */
    double exponential(double rate) {
        return -StrictMath.log(nextOpenDouble()) / rate;
    }

    /** Standard normal, by Box-Muller. */
    double normal() {
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(nextOpenDouble()));
        return radius * StrictMath.cos(2.0 * StrictMath.PI * nextDouble());
    }

    /** Gamma with the given shape and rate (mean shape / rate), by Marsaglia and Tsang. */
    double gamma(double shape, double rate) {
        return standardGamma(shape) / rate;
    }

    /** Beta(a, b) as the ratio of two gammas. */
    double beta(double a, double b) {
        double x = standardGamma(a);
        double y = standardGamma(b);
        return x / (x + y);
    }

    /** An index drawn with probability proportional to its weight. */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** An index drawn from cumulative weights (ascending, last is the total). */
    int cumulative(double[] cumulative) {
        double u = nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private double standardGamma(double shape) {
        if (shape < 1.0) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a), since Marsaglia-Tsang needs a shape of at least 1.
            return standardGamma(shape + 1.0) * StrictMath.pow(nextOpenDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            double u = nextOpenDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x) {
                return d * v;
            }
            if (StrictMath.log(u) < 0.5 * x * x + d * (1.0 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }
}
