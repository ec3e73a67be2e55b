package io.recall.predict.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference values computed with mpmath at 40 digits. */
class SpecialFunctionsTest {

    private static final double[][] LOG_GAMMA = {
            {1e-08, 18.420680738180208884},
            {0.001, 6.9071788853838536617},
            {0.1, 2.252712651734205902},
            {0.5, 0.57236494292470008707},
            {0.999, 0.00057803853289138023817},
            {1.0, 0.0},
            {1.5, -0.12078223763524522235},
            {2.0, 0.0},
            {2.5, 0.28468287047291915963},
            {3.7, 1.4280723266653881292},
            {7.9, 8.3242658680088096349},
            {11.999, 17.499865227646105739},
            {12.0, 17.502307845873885839},
            {12.5, 18.734347511936445702},
            {30.3, 72.273890541364913493},
            {100.0, 359.13420536957539878},
            {1234.5, 7550.5509010778948957},
            {1000000.0, 12815504.56914761166},
            {10000000000.0, 220258509288.81058147},
    };

    private static final double[][] DIGAMMA = {
            {1e-06, -1000000.5772140200139},
            {0.1, -10.423754940411076232},
            {0.5, -1.9635100260214234794},
            {1.0, -0.57721566490153286061},
            {2.0, 0.42278433509846713939},
            {3.3, 1.0348224890596216863},
            {9.99, 2.250700372831201122},
            {10.0, 2.2517525890667211076},
            {10.5, 2.3030010342976863753},
            {25.0, 3.1987425128519740085},
            {1000.0, 6.9072551956488120521},
            {100000000.0, 18.420680738952365464},
    };

    @Nested
    class LogGamma {
        @Test
        void matchesHighPrecisionValuesTo1e14() {
            for (double[] c : LOG_GAMMA) {
                double tolerance = 1e-14 * Math.max(1, Math.abs(c[1]));
                assertEquals(c[1], SpecialFunctions.logGamma(c[0]), tolerance, "ln Γ(" + c[0] + ")");
            }
        }

        @Property
        void satisfiesTheRecurrence(@ForAll @DoubleRange(min = 1e-6, max = 1e6) double x) {
            double left = SpecialFunctions.logGamma(x + 1);
            double right = SpecialFunctions.logGamma(x) + Math.log(x);
            assertEquals(left, right, 2e-14 * Math.max(1, Math.abs(left)));
        }

        @Test
        void rejectsZeroNegativeAndNaN() {
            assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(0));
            assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(-1.5));
            assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(Double.NaN));
        }
    }

    @Nested
    class Digamma {
        @Test
        void matchesHighPrecisionValues() {
            for (double[] c : DIGAMMA) {
                assertEquals(c[1], SpecialFunctions.digamma(c[0]), 1e-14 * Math.max(1, Math.abs(c[1])), "ψ(" + c[0] + ")");
            }
        }

        @Property
        void isTheDerivativeOfLogGamma(@ForAll @DoubleRange(min = 0.05, max = 1e4) double x) {
            double h = 1e-5 * x;
            double numeric = (SpecialFunctions.logGamma(x + h) - SpecialFunctions.logGamma(x - h)) / (2 * h);
            assertEquals(numeric, SpecialFunctions.digamma(x), 1e-6 * Math.max(1, Math.abs(numeric)));
        }
    }

    @Nested
    class LogSpace {
        @Test
        void logAddExpNeitherOverflowsNorUnderflows() {
            assertEquals(1000 + Math.log(2), SpecialFunctions.logAddExp(1000, 1000), 1e-12);
            assertEquals(-1000 + Math.log1p(Math.exp(-1)), SpecialFunctions.logAddExp(-1000, -1001), 1e-12);
            assertEquals(Double.NEGATIVE_INFINITY, SpecialFunctions.logAddExp(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
            assertEquals(3.0, SpecialFunctions.logAddExp(Double.NEGATIVE_INFINITY, 3.0));
        }

        @Test
        void log1mExpIsAccurateAtBothEnds() {
            assertEquals(Math.log(1e-20), SpecialFunctions.log1mExp(-1e-20), 1e-12);
            assertEquals(-Math.exp(-50), SpecialFunctions.log1mExp(-50), 1e-30);
            assertEquals(Double.NEGATIVE_INFINITY, SpecialFunctions.log1mExp(0));
        }

        @Test
        void logisticStaysInTheUnitInterval() {
            assertEquals(0.0, SpecialFunctions.logistic(1e6));
            assertEquals(1.0, SpecialFunctions.logistic(-1e6));
            assertEquals(0.5, SpecialFunctions.logistic(0));
        }

        @Test
        void oneMinusExpOverIsContinuousThroughZero() {
            assertEquals(2.0, SpecialFunctions.oneMinusExpOver(0, 2.0));
            assertEquals(2.0, SpecialFunctions.oneMinusExpOver(1e-12, 2.0), 1e-11);
            assertEquals((1 - Math.exp(-0.6)) / 0.3, SpecialFunctions.oneMinusExpOver(0.3, 2.0), 1e-15);
            assertTrue(SpecialFunctions.oneMinusExpOver(-0.4, 2.0) > 2.0);
        }
    }
}
