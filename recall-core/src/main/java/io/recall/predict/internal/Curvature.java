package io.recall.predict.internal;

/**
 * The gradient and Hessian of a smooth function at a point by central differences (of its analytic
 * gradient when it has one, else of its values), each
 * improved by one Richardson step (steps h and 2h), so that the error is O(h⁴) rather than O(h²): with
 * h = 1e-3 on log-parameters, truncation is negligible and rounding stays near 1e-9 for values of order
 * one. Used to check that a fit is a proper maximum and for its standard errors.
 */
public final class Curvature {

    /** The default step on log-parameters. */
    public static final double STEP = 1e-3;

    private Curvature() {
    }

    /**
     * Gradient and Hessian at a point.
     *
     * @param gradient the gradient
     * @param hessian  the Hessian, symmetric
     */
    public record Result(double[] gradient, double[][] hessian) {
    }

    /**
     * The gradient and Hessian of {@code f} at {@code x} with step {@code h} in every variable; non-finite
     * entries mean a non-finite value was met nearby.
     */
    public static Result at(Optimizer.Objective f, double[] x, double h) {
        return f.hasGradient() ? fromGradients(f, x, h) : fromValues(f, x, h);
    }

    /** Central differences of the analytic gradient: 4n gradient evaluations instead of about 2n² values. */
    private static Result fromGradients(Optimizer.Objective f, double[] x, double h) {
        int n = x.length;
        double[] gradient = new double[n];
        f.value(x.clone(), gradient);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] p1 = gradientAt(f, x, i, h);
            double[] m1 = gradientAt(f, x, i, -h);
            double[] p2 = gradientAt(f, x, i, 2 * h);
            double[] m2 = gradientAt(f, x, i, -2 * h);
            rows[i] = new double[n];
            for (int j = 0; j < n; j++) {
                double d1 = (p1[j] - m1[j]) / (2 * h);
                double d2 = (p2[j] - m2[j]) / (4 * h);
                rows[i][j] = (4 * d1 - d2) / 3;
            }
        }
        double[][] hessian = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                hessian[i][j] = (rows[i][j] + rows[j][i]) / 2;
            }
        }
        return new Result(gradient, hessian);
    }

    private static double[] gradientAt(Optimizer.Objective f, double[] x, int i, double di) {
        double[] p = x.clone();
        p[i] += di;
        double[] g = new double[x.length];
        if (!Double.isFinite(f.value(p, g))) {
            java.util.Arrays.fill(g, Double.NaN);
        }
        return g;
    }

    private static Result fromValues(Optimizer.Objective f, double[] x, double h) {
        int n = x.length;
        double f0 = f.value(x.clone(), null);
        double[] gradient = new double[n];
        double[][] hessian = new double[n][n];
        for (int i = 0; i < n; i++) {
            double p1 = shifted(f, x, i, h, -1, 0);
            double m1 = shifted(f, x, i, -h, -1, 0);
            double p2 = shifted(f, x, i, 2 * h, -1, 0);
            double m2 = shifted(f, x, i, -2 * h, -1, 0);
            double g1 = (p1 - m1) / (2 * h);
            double g2 = (p2 - m2) / (4 * h);
            gradient[i] = (4 * g1 - g2) / 3;
            double d1 = (p1 - 2 * f0 + m1) / (h * h);
            double d2 = (p2 - 2 * f0 + m2) / (4 * h * h);
            hessian[i][i] = (4 * d1 - d2) / 3;
            for (int j = 0; j < i; j++) {
                double e1 = mixed(f, x, i, j, h);
                double e2 = mixed(f, x, i, j, 2 * h);
                hessian[i][j] = hessian[j][i] = (4 * e1 - e2) / 3;
            }
        }
        return new Result(gradient, hessian);
    }

    private static double mixed(Optimizer.Objective f, double[] x, int i, int j, double h) {
        double pp = shifted(f, x, i, h, j, h);
        double pm = shifted(f, x, i, h, j, -h);
        double mp = shifted(f, x, i, -h, j, h);
        double mm = shifted(f, x, i, -h, j, -h);
        return (pp - pm - mp + mm) / (4 * h * h);
    }

    private static double shifted(Optimizer.Objective f, double[] x, int i, double di, int j, double dj) {
        double[] p = x.clone();
        p[i] += di;
        if (j >= 0) {
            p[j] += dj;
        }
        return f.value(p, null);
    }
}
