package io.recall.generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {

    private static final int DRAWS = 200_000;

    @Test
    void sameSeedGivesTheSameSequence() {
        Rng a = new Rng(99);
        Rng b = new Rng(99);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
    }

    @Test
    void sequenceIsPinnedSoOutputNeverDriftsSilently() {
        // SplitMix64 reference values for seed 0; a change here changes every generated shop.
        Rng rng = new Rng(0);
        assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
        assertEquals(0x06C45D188009454FL, rng.nextLong());
    }

    @Test
    void derivedStreamsDifferByIndexAndPurpose() {
        long a = Rng.derive(42, 1, 1).nextLong();
        assertNotEquals(a, Rng.derive(42, 2, 1).nextLong());
        assertNotEquals(a, Rng.derive(42, 1, 2).nextLong());
        assertNotEquals(a, Rng.derive(43, 1, 1).nextLong());
        assertEquals(a, Rng.derive(42, 1, 1).nextLong());
    }

    @ParameterizedTest
    @CsvSource({"0.8, 0.016", "3.8, 28", "6, 1", "1, 2"})
    void gammaHasTheRightMeanAndVariance(double shape, double rate) {
        Rng rng = new Rng(7);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = rng.gamma(shape, rate);
            assertTrue(x > 0);
            sum += x;
            squares += x * x;
        }
        double mean = sum / DRAWS;
        double variance = squares / DRAWS - mean * mean;
        assertEquals(shape / rate, mean, 0.02 * shape / rate);
        assertEquals(shape / (rate * rate), variance, 0.06 * shape / (rate * rate));
    }

    @Test
    void betaHasTheRightMean() {
        Rng rng = new Rng(8);
        double sum = 0;
        for (int i = 0; i < DRAWS; i++) {
            double p = rng.beta(1, 3);
            assertTrue(p >= 0 && p <= 1);
            sum += p;
        }
        assertEquals(0.25, sum / DRAWS, 0.005);
    }

    @Test
    void exponentialHasTheRightMean() {
        Rng rng = new Rng(9);
        double sum = 0;
        for (int i = 0; i < DRAWS; i++) {
            sum += rng.exponential(0.5);
        }
        assertEquals(2.0, sum / DRAWS, 0.03);
    }

    @Test
    void nextIntStaysInBoundsAndCoversThem() {
        Rng rng = new Rng(10);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[rng.nextInt(7)]++;
        }
        for (int count : counts) {
            assertTrue(count > 9_000 && count < 11_000, String.valueOf(count));
        }
    }
}
