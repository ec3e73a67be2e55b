package io.recall.predict.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {

    private static Optimizer.Objective rosenbrock(boolean analytic) {
        return new Optimizer.Objective() {
            @Override
            public double value(double[] p, double[] g) {
                double x = p[0];
                double y = p[1];
                if (g != null) {
                    g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
                    g[1] = 200 * (y - x * x);
                }
                return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
            }

            @Override
            public boolean hasGradient() {
                return analytic;
            }
        };
    }

    @Test
    void findsTheRosenbrockMinimumWithAnalyticGradients() {
        Optimizer.Result r = Optimizer.minimize(rosenbrock(true), new double[]{-1.2, 1}, Optimizer.Settings.DEFAULT);
        assertTrue(r.converged(), r.message());
        assertEquals(1, r.theta()[0], 1e-7);
        assertEquals(1, r.theta()[1], 1e-7);
    }

    @Test
    void findsTheRosenbrockMinimumWithNumericGradients() {
        Optimizer.Result r = Optimizer.minimize(rosenbrock(false), new double[]{-1.2, 1}, new Optimizer.Settings(500, 1e-7));
        assertTrue(r.converged(), r.message());
        assertEquals(1, r.theta()[0], 1e-5);
    }

    @Test
    void steersAroundInfeasibleRegions() {
        // Minimum at x = 2, but nothing is defined below 1.5 except the start's neighbourhood far away.
        Optimizer.Objective f = new Optimizer.Objective() {
            @Override
            public double value(double[] p, double[] g) {
                if (p[0] < 1.5 && p[0] > -5) {
                    return Double.NaN;
                }
                return (p[0] - 2) * (p[0] - 2);
            }

            @Override
            public boolean hasGradient() {
                return false;
            }
        };
        Optimizer.Result r = Optimizer.minimize(f, new double[]{5}, Optimizer.Settings.DEFAULT);
        assertTrue(r.converged(), r.message());
        assertEquals(2, r.theta()[0], 1e-6);
    }

    @Test
    void anInfeasibleStartIsReportedNotHidden() {
        Optimizer.Objective f = new Optimizer.Objective() {
            @Override
            public double value(double[] p, double[] g) {
                return Double.NaN;
            }

            @Override
            public boolean hasGradient() {
                return false;
            }
        };
        Optimizer.Result r = Optimizer.minimize(f, new double[]{0, 0}, Optimizer.Settings.DEFAULT);
        assertFalse(r.converged());
        assertTrue(r.message().contains("infeasible"), r.message());
    }

    @Test
    void anUnboundedFunctionDoesNotConverge() {
        Optimizer.Objective f = new Optimizer.Objective() {
            @Override
            public double value(double[] p, double[] g) {
                return -p[0];
            }

            @Override
            public boolean hasGradient() {
                return false;
            }
        };
        Optimizer.Result r = Optimizer.minimize(f, new double[]{0}, new Optimizer.Settings(50, 1e-8));
        assertFalse(r.converged(), r.message());
    }
}
