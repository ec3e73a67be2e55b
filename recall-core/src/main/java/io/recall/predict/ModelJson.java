package io.recall.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON shape every BTYD model shares: {@code type}, {@code version}, {@code unit} (purchase models) or
 * {@code currency} (spend), {@code parameters} named as in the papers, and the optional {@code fit}
 * report. Doubles are written in Java's shortest round-tripping form, so reading gives back equal values.
 */
final class ModelJson {

    static final int VERSION = 1;
    private static final Set<String> FIT_FIELDS = Set.of("customers", "logLikelihood", "iterations", "evaluations",
            "gradientNorm", "converged", "message");

    private ModelJson() {
    }

    static ObjectNode header(String type) {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", type);
        root.put("version", VERSION);
        return root;
    }

    static void parameters(ObjectNode root, List<String> names, double... values) {
        ObjectNode p = root.putObject("parameters");
        for (int i = 0; i < names.size(); i++) {
            p.put(names.get(i), values[i]);
        }
    }

    /**
     * Writes the fit report: {@code standardErrors} (name → value, or null with
     * {@code standardErrorsUnavailable} saying why) beside the parameters, and the rest under {@code fit}.
     */
    static void fit(ObjectNode root, Optional<FitReport> fit) {
        fit.ifPresent(f -> {
            StandardErrors errors = f.standardErrors();
            if (errors.available()) {
                ObjectNode s = root.putObject("standardErrors");
                errors.byParameter().forEach(s::put);
            } else {
                root.putNull("standardErrors");
                root.put("standardErrorsUnavailable", errors.unavailable().orElseThrow());
            }
            ObjectNode n = root.putObject("fit");
            n.put("customers", f.customers());
            n.put("logLikelihood", f.logLikelihood());
            n.put("iterations", f.iterations());
            n.put("evaluations", f.evaluations());
            n.put("gradientNorm", f.gradientNorm());
            n.put("converged", f.converged());
            n.put("message", f.message());
        });
    }

    static String write(ObjectNode root) {
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of plain values always serialises", e);
        }
    }

    /** Parses and checks the header; returns the root object (problems are collected in {@code in}). */
    static JsonNode open(JsonInput in, String json, String type, Set<String> fields) {
        return in.document(json, type, VERSION, fields);
    }

    static Optional<PeriodUnit> unit(JsonInput in, JsonNode root, Set<PeriodUnit> allowed) {
        return in.requiredText(root, "unit", "$").flatMap(text -> {
            Optional<PeriodUnit> unit = PeriodUnit.byId(text).filter(allowed::contains);
            if (unit.isEmpty()) {
                in.problem("$.unit", "one of " + allowed.stream().map(PeriodUnit::id).sorted().toList(), "\"" + text + "\"");
            }
            return unit;
        });
    }

    /** The named positive, finite parameters; NaN where one is missing or wrong. */
    static double[] parameters(JsonInput in, JsonNode root, List<String> names) {
        double[] values = new double[names.size()];
        java.util.Arrays.fill(values, Double.NaN);
        JsonNode p = root.get("parameters");
        if (!in.object(p, "$.parameters")) {
            return values;
        }
        in.onlyKnown(p, "$.parameters", Set.copyOf(names));
        for (int i = 0; i < names.size(); i++) {
            String path = "$.parameters." + names.get(i);
            JsonNode v = p.get(names.get(i));
            if (v == null || !v.isNumber() || !(v.doubleValue() > 0) || !Double.isFinite(v.doubleValue())) {
                in.problem(path, "a finite number > 0", JsonInput.describe(v));
            } else {
                values[i] = v.doubleValue();
            }
        }
        return values;
    }

    static Optional<FitReport> fit(JsonInput in, JsonNode root, List<String> names) {
        JsonNode f = root.get("fit");
        if (f == null || f.isNull()) {
            if (root.get("standardErrors") != null || root.get("standardErrorsUnavailable") != null) {
                in.problem("$.standardErrors", "standard errors only together with \"fit\"", "no \"fit\"");
            }
            return Optional.empty();
        }
        StandardErrors errors = standardErrors(in, root, names);
        if (!in.object(f, "$.fit")) {
            return Optional.empty();
        }
        in.onlyKnown(f, "$.fit", FIT_FIELDS);
        long customers = in.requiredLong(f, "customers", "$.fit", 1, Long.MAX_VALUE).orElse(-1);
        long iterations = in.requiredLong(f, "iterations", "$.fit", 0, Integer.MAX_VALUE).orElse(-1);
        long evaluations = in.requiredLong(f, "evaluations", "$.fit", 0, Integer.MAX_VALUE).orElse(-1);
        double ll = number(in, f, "logLikelihood", "$.fit", "a finite number", v -> true);
        double gradient = number(in, f, "gradientNorm", "$.fit", "a finite number >= 0", v -> v >= 0);
        JsonNode converged = f.get("converged");
        if (converged == null || !converged.isBoolean()) {
            in.problem("$.fit.converged", "true or false", JsonInput.describe(converged));
        }
        Optional<String> message = in.requiredText(f, "message", "$.fit");
        if (in.hasProblems()) {
            return Optional.empty();
        }
        return Optional.of(new FitReport(customers, ll, (int) iterations, (int) evaluations, gradient,
                converged.booleanValue(), message.orElseThrow(), errors));
    }

    /** The standard errors beside a fit; a model written before they existed has none, and says so. */
    private static StandardErrors standardErrors(JsonInput in, JsonNode root, List<String> names) {
        JsonNode s = root.get("standardErrors");
        JsonNode reason = root.get("standardErrorsUnavailable");
        if (s == null && reason == null) {
            return StandardErrors.unavailable("not recorded with the model");
        }
        if (s == null || s.isNull()) {
            if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
                in.problem("$.standardErrorsUnavailable", "the reason there are no standard errors",
                        JsonInput.describe(reason));
                return StandardErrors.unavailable("invalid");
            }
            return StandardErrors.unavailable(reason.asText());
        }
        if (reason != null) {
            in.problem("$.standardErrorsUnavailable", "absent when there are standard errors", JsonInput.describe(reason));
        }
        if (!in.object(s, "$.standardErrors")) {
            return StandardErrors.unavailable("invalid");
        }
        in.onlyKnown(s, "$.standardErrors", Set.copyOf(names));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : names) {
            double v = number(in, s, name, "$.standardErrors", "a finite number > 0", x -> x > 0);
            values.put(name, v);
        }
        if (in.hasProblems()) {
            return StandardErrors.unavailable("invalid");
        }
        return StandardErrors.of(values);
    }

    private static double number(JsonInput in, JsonNode parent, String name, String path, String expected,
                                 java.util.function.DoublePredicate ok) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue()) || !ok.test(v.doubleValue())) {
            in.problem(path + "." + name, expected, JsonInput.describe(v));
            return Double.NaN;
        }
        return v.doubleValue();
    }

    /** The parameters as an ordered name → value map. */
    static Map<String, Double> named(List<String> names, double... values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values[i]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    static Set<String> fields(String... extra) {
        List<String> all = new ArrayList<>(List.of("type", "version", "parameters", "fit", "standardErrors",
                "standardErrorsUnavailable"));
        all.addAll(List.of(extra));
        return Set.copyOf(all);
    }
}
