package io.recall.predict.internal;

import java.util.Arrays;

/**
 * Minimises a smooth function of a few unconstrained variables (the models' log-parameters): BFGS with
 * a backtracking Armijo line search, analytic or central-difference gradients, a restart with a fresh
 * Hessian to confirm a stationary point, and Nelder–Mead to get unstuck when the line search fails far
 * from one. Never returns a non-finite point: a non-finite value counts as "worse than anything".
 * Not thread-safe per call, but holds no state between calls.
 */
public final class Optimizer {

    private Optimizer() {
    }

    /** The function to minimise. */
    public interface Objective {
        /**
         * The value at {@code theta}; when {@code gradient} is not null and {@link #hasGradient()}, also
         * its gradient. Non-finite values are allowed and mean "infeasible".
         */
        double value(double[] theta, double[] gradient);

        /** Whether {@link #value} fills in the gradient; otherwise it is taken by central differences. */
        boolean hasGradient();
    }

    /**
     * The outcome.
     *
     * @param theta        the best point found
     * @param value        the value there
     * @param iterations   BFGS and Nelder–Mead iterations, all runs together
     * @param evaluations  function evaluations (a gradient by differences counts 2 per variable)
     * @param gradientNorm the largest absolute gradient component at {@code theta}
     * @param converged    whether the gradient criterion was met
     * @param message      why the search stopped
     */
    public record Result(double[] theta, double value, int iterations, int evaluations, double gradientNorm,
                         boolean converged, String message) {
    }

    /** Settings: iteration cap per run and the gradient tolerance (largest absolute component). */
    public record Settings(int maxIterations, double gradientTolerance) {
        public static final Settings DEFAULT = new Settings(500, 1e-8);
    }

    private static final class Counter {
        int evaluations;
        int iterations;
    }

    /** Minimises from {@code start}; see the class description. */
    public static Result minimize(Objective f, double[] start, Settings settings) {
        Counter counter = new Counter();
        double[] x = start.clone();
        double fx = eval(f, x, null, counter);
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, 0, counter.evaluations, Double.NaN, false,
                    "the starting point " + Arrays.toString(start) + " is infeasible");
        }
        Result best = bfgs(f, x, settings, counter);
        for (int round = 0; round < 6; round++) {
            if (best.converged()) {
                // Confirm with a fresh Hessian: a stale one can stall on a slope and look converged.
                Result again = bfgs(f, best.theta(), settings, counter);
                boolean settled = again.value() >= best.value() - 1e-12 * (1 + Math.abs(best.value()));
                if (again.value() < best.value()) {
                    best = again;
                }
                if (settled && best.converged()) {
                    return finish(best, counter);
                }
            } else {
                double[] nm = nelderMead(f, best.theta(), settings.maxIterations() * 4, counter);
                Result again = bfgs(f, nm, settings, counter);
                if (again.value() <= best.value() || again.converged()) {
                    best = again;
                }
            }
        }
        return finish(best, counter);
    }

    private static Result finish(Result r, Counter counter) {
        return new Result(r.theta(), r.value(), counter.iterations, counter.evaluations, r.gradientNorm(),
                r.converged(), r.message());
    }

    private static double eval(Objective f, double[] x, double[] gradient, Counter counter) {
        counter.evaluations++;
        double v = f.value(x, gradient);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /** The value at x and its gradient into g (by central differences when f has none). */
    private static double valueAndGradient(Objective f, double[] x, double[] g, Counter counter) {
        if (f.hasGradient()) {
            double v = eval(f, x, g, counter);
            for (double gi : g) {
                if (!Double.isFinite(gi)) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            return v;
        }
        double v = eval(f, x, null, counter);
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-5 * Math.max(1, Math.abs(x[i]));
            probe[i] = x[i] + h;
            double up = eval(f, probe, null, counter);
            probe[i] = x[i] - h;
            double down = eval(f, probe, null, counter);
            probe[i] = x[i];
            if (Double.isFinite(up) && Double.isFinite(down)) {
                g[i] = (up - down) / (2 * h);
            } else if (Double.isFinite(up)) {
                g[i] = (up - v) / h;
            } else if (Double.isFinite(down)) {
                g[i] = (v - down) / h;
            } else {
                return Double.POSITIVE_INFINITY;
            }
        }
        return v;
    }

    private static double norm(double[] g) {
        double m = 0;
        for (double v : g) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static Result bfgs(Objective f, double[] start, Settings settings, Counter counter) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = valueAndGradient(f, x, g, counter);
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, 0, 0, Double.NaN, false, "non-finite value or gradient at the start");
        }
        double[][] h = identity(n);
        boolean fresh = true;
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] s = new double[n];
        double[] y = new double[n];
        int stalls = 0;
        for (int iter = 0; iter < settings.maxIterations(); iter++) {
            double gn = norm(g);
            if (gn <= settings.gradientTolerance()) {
                return new Result(x, fx, iter, 0, gn, true, "gradient " + String.format("%.2e", gn)
                        + " below " + settings.gradientTolerance());
            }
            counter.iterations++;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum -= h[i][j] * g[j];
                }
                d[i] = sum;
            }
            double slope = dot(g, d);
            if (!(slope < 0)) {
                h = identity(n);
                fresh = true;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = dot(g, d);
            }
            // A fresh (identity) Hessian knows no scale: cap the first step at 1 in every log-parameter.
            double step = fresh ? Math.min(1, 1 / norm(d)) : 1;
            double fNew = Double.POSITIVE_INFINITY;
            boolean accepted = false;
            for (int tries = 0; tries < 60; tries++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = eval(f, xNew, null, counter);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                if (!Double.isFinite(fNew)) {
                    step *= 0.1;
                } else {
                    // Quadratic interpolation of the step, kept within [0.1, 0.5] of the last one.
                    double q = -slope * step * step / (2 * (fNew - fx - slope * step));
                    step = Math.max(0.1 * step, Math.min(0.5 * step, q));
                }
            }
            if (!accepted) {
                if (!fresh) {
                    h = identity(n);
                    fresh = true;
                    continue;
                }
                return new Result(x, fx, iter, 0, gn, gn <= 100 * settings.gradientTolerance(),
                        "line search failed with gradient " + String.format("%.2e", gn));
            }
            fNew = valueAndGradient(f, xNew, gNew, counter);
            if (!Double.isFinite(fNew)) {
                h = identity(n);
                fresh = true;
                continue;
            }
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double sy = dot(s, y);
            double improvement = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
                if (fresh) {
                    // Scale the identity by the observed curvature before the first update (Nocedal & Wright 6.20).
                    double scale = sy / dot(y, y);
                    for (int i = 0; i < n; i++) {
                        h[i][i] = scale;
                    }
                    fresh = false;
                }
                update(h, s, y, sy);
            }
            stalls = improvement <= 1e-15 * (1 + Math.abs(fx)) ? stalls + 1 : 0;
            if (stalls >= 4) {
                double gNow = norm(g);
                return new Result(x, fx, iter + 1, 0, gNow, gNow <= 100 * settings.gradientTolerance(),
                        "no further progress with gradient " + String.format("%.2e", gNow));
            }
        }
        double gn = norm(g);
        return new Result(x, fx, settings.maxIterations(), 0, gn, gn <= settings.gradientTolerance(),
                "iteration limit " + settings.maxIterations() + " reached with gradient " + String.format("%.2e", gn));
    }

    private static void update(double[][] h, double[] s, double[] y, double sy) {
        int n = s.length;
        double rho = 1 / sy;
        double[] hy = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += h[i][j] * y[j];
            }
            hy[i] = sum;
        }
        double yhy = dot(y, hy);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[][] identity(int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = 1;
        }
        return h;
    }

    /** Nelder–Mead (adaptive coefficients, Gao and Han 2012) from a simplex of size 0.5 around start. */
    static double[] nelderMead(Objective f, double[] start, int maxIterations, Counter counter) {
        int n = start.length;
        double alpha = 1;
        double gamma = 1 + 2.0 / n;
        double rho = 0.75 - 1 / (2.0 * n);
        double sigma = 1 - 1.0 / n;
        double[][] p = new double[n + 1][];
        double[] v = new double[n + 1];
        p[0] = start.clone();
        v[0] = eval(f, p[0], null, counter);
        for (int i = 0; i < n; i++) {
            p[i + 1] = start.clone();
            p[i + 1][i] += 0.5;
            v[i + 1] = eval(f, p[i + 1], null, counter);
        }
        Integer[] order = new Integer[n + 1];
        for (int iter = 0; iter < maxIterations; iter++) {
            counter.iterations++;
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            final double[] values = v;
            Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
            double[][] ps = new double[n + 1][];
            double[] vs = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                ps[i] = p[order[i]];
                vs[i] = v[order[i]];
            }
            p = ps;
            v = vs;
            if (Math.abs(v[n] - v[0]) <= 1e-13 * (1 + Math.abs(v[0])) && spread(p) < 1e-9) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    centroid[j] += p[i][j] / n;
                }
            }
            double[] xr = along(centroid, p[n], -alpha);
            double fr = eval(f, xr, null, counter);
            if (fr < v[0]) {
                double[] xe = along(centroid, p[n], -alpha * gamma);
                double fe = eval(f, xe, null, counter);
                if (fe < fr) {
                    p[n] = xe;
                    v[n] = fe;
                } else {
                    p[n] = xr;
                    v[n] = fr;
                }
            } else if (fr < v[n - 1]) {
                p[n] = xr;
                v[n] = fr;
            } else {
                boolean outside = fr < v[n];
                double[] xc = along(centroid, p[n], outside ? -alpha * rho : rho);
                double fc = eval(f, xc, null, counter);
                if (fc <= (outside ? fr : v[n])) {
                    p[n] = xc;
                    v[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        for (int j = 0; j < n; j++) {
                            p[i][j] = p[0][j] + sigma * (p[i][j] - p[0][j]);
                        }
                        v[i] = eval(f, p[i], null, counter);
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return p[best].clone();
    }

    private static double[] along(double[] centroid, double[] worst, double t) {
        double[] x = new double[centroid.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = centroid[j] + t * (worst[j] - centroid[j]);
        }
        return x;
    }

    private static double spread(double[][] p) {
        double m = 0;
        for (int i = 1; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                m = Math.max(m, Math.abs(p[i][j] - p[0][j]));
            }
        }
        return m;
    }

    /**
     * The eigenvalues (ascending, in {@code values}) and eigenvectors (columns of the returned matrix) of a
     * small symmetric matrix, by cyclic Jacobi rotations.
     */
    public static double[][] symmetricEigen(double[][] matrix, double[] values) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double[][] v = identity(n);
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(a[i][i], a[j][j]));
        double[][] vectors = new double[n][n];
        for (int c = 0; c < n; c++) {
            values[c] = a[order[c]][order[c]];
            for (int r = 0; r < n; r++) {
                vectors[r][c] = v[r][order[c]];
            }
        }
        return vectors;
    }
}
