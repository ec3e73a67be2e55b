package io.recall.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.internal.JsonInput;
import io.recall.model.Money;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ordered list of segments with conditions over scores and metrics: the first rule that matches wins,
 * and the fallback (if any) takes everyone else, so every customer ends in exactly one segment.
 *
 * <p>A scheme is data: load it with {@link #fromJson(String)}, build it in Java with {@link #newBuilder},
 * or take a built-in with {@link #builtIn(String)} ({@code seed4}, {@code rfm8}, {@code rfm11}). Either
 * way it is validated as a whole when created, and every problem is reported with its JSON path:
 * unknown fields and segments, thresholds out of range, rules that can never match because earlier rules
 * take all their score cells, a missing fallback when the rules leave cells uncovered, and a fallback
 * that can never be reached.
 *
 * @param name     the scheme's name
 * @param levels   how many score levels the scheme's conditions assume (the model must match)
 * @param currency the currency of monetary conditions, when there are any
 * @param segments every segment, in display order
 * @param rules    the rules in evaluation order; a segment may have several (any one matching suffices)
 * @param fallback where customers go when no rule matches
 */
public record SegmentScheme(String name, int levels, Optional<Currency> currency, List<Segment> segments,
                            List<SegmentRule> rules, Optional<Segment> fallback) {

    /** The built-in schemes' names. */
    public static final List<String> BUILT_IN = List.of("seed4", "rfm8", "rfm11");

    /** Validates the scheme as a whole; see the class description. */
    public SegmentScheme {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(fallback, "fallback");
        segments = List.copyOf(segments);
        rules = normalise(rules, levels);
        List<ConfigProblem> problems = new ArrayList<>();
        validate(name, levels, currency, segments, rules, fallback, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("segment scheme '" + name + "'", problems);
        }
    }

    /** Open bounds (Condition.atLeast/atMost) become the field's own limits, so equal schemes are equal. */
    private static List<SegmentRule> normalise(List<SegmentRule> rules, int levels) {
        List<SegmentRule> result = new ArrayList<>(rules.size());
        for (SegmentRule rule : rules) {
            List<Condition> conditions = new ArrayList<>();
            for (Condition c : rule.conditions()) {
                long min = c.min() == Long.MIN_VALUE ? lowest(c.field()) : c.min();
                long max = c.max() == Long.MAX_VALUE ? highest(c.field(), levels) : c.max();
                conditions.add(min <= max ? new Condition(c.field(), min, max) : c);
            }
            result.add(new SegmentRule(rule.segment(), conditions));
        }
        return List.copyOf(result);
    }

    private static long lowest(Field field) {
        return field.isScore() ? 1 : field == Field.MONETARY ? Long.MIN_VALUE : 0;
    }

    private static long highest(Field field, int levels) {
        return field.isScore() ? Math.max(levels, 1) : Long.MAX_VALUE;
    }

    /** The segment with the given id. */
    public Optional<Segment> segment(String id) {
        return segments.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** True when some rule tests a raw metric (then classification cannot use a pure score table). */
    public boolean usesMetrics() {
        return rules.stream().anyMatch(SegmentRule::usesMetrics);
    }

    /** True when some rule tests the tenure, which the three-number classify overload does not carry. */
    public boolean usesTenure() {
        return rules.stream().flatMap(r -> r.conditions().stream()).anyMatch(c -> c.field() == Field.TENURE_DAYS);
    }

    // ------------------------------------------------------------------ validation

    private static void validate(String name, int levels, Optional<Currency> currency, List<Segment> segments,
                                 List<SegmentRule> rules, Optional<Segment> fallback, List<ConfigProblem> problems) {
        if (name.isBlank()) {
            problems.add(new ConfigProblem("$.name", "a non-blank name", "\"" + name + "\""));
        }
        if (levels < 2 || levels > 9) {
            problems.add(new ConfigProblem("$.levels", "an integer 2..9", String.valueOf(levels)));
            return;
        }
        if (segments.isEmpty()) {
            problems.add(new ConfigProblem("$.segments", "at least one segment", "none"));
            return;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Integer earlier = index.putIfAbsent(segments.get(i).id(), i);
            if (earlier != null) {
                problems.add(new ConfigProblem("$.segments[" + i + "].id", "an id not used before",
                        "\"" + segments.get(i).id() + "\", already at $.segments[" + earlier + "]"));
            }
        }
        Map<String, Integer> alternatives = new HashMap<>();
        for (SegmentRule rule : rules) {
            alternatives.merge(rule.segment().id(), 1, Integer::sum);
        }
        Map<String, Integer> seen = new HashMap<>();
        String[] paths = new String[rules.size()];
        for (int k = 0; k < rules.size(); k++) {
            SegmentRule rule = rules.get(k);
            Integer at = index.get(rule.segment().id());
            if (at == null) {
                problems.add(new ConfigProblem("$.rules[" + k + "]", "a segment listed in $.segments",
                        "unknown segment \"" + rule.segment().id() + "\""));
                paths[k] = "$.rules[" + k + "]";
                continue;
            }
            if (!segments.get(at).equals(rule.segment())) {
                problems.add(new ConfigProblem("$.rules[" + k + "]", "the segment listed as $.segments[" + at + "]",
                        "another segment with the id \"" + rule.segment().id() + "\""));
            }
            int alt = seen.merge(rule.segment().id(), 1, Integer::sum) - 1;
            paths[k] = alternatives.get(rule.segment().id()) == 1
                    ? "$.segments[" + at + "].when" : "$.segments[" + at + "].anyOf[" + alt + "]";
            for (Condition c : rule.conditions()) {
                String path = paths[k] + "." + c.field().jsonName();
                if (c.field().isScore()) {
                    if (c.min() < 1 || c.min() > levels) {
                        problems.add(new ConfigProblem(path + ".min", "a score 1.." + levels, String.valueOf(c.min())));
                    }
                    if (c.max() < 1 || c.max() > levels) {
                        problems.add(new ConfigProblem(path + ".max", "a score 1.." + levels, String.valueOf(c.max())));
                    }
                } else if (c.field() == Field.MONETARY) {
                    if (currency.isEmpty()) {
                        problems.add(new ConfigProblem("$.currency",
                                "a currency, because " + path + " tests a monetary amount", "nothing"));
                    }
                } else {
                    // Counts: the same domain as JSON accepts, so a Java-built scheme always reloads.
                    long floor = c.field() == Field.FREQUENCY ? 1 : 0;
                    if (c.min() < 0 || c.min() > Integer.MAX_VALUE) {
                        problems.add(new ConfigProblem(path + ".min", "an integer 0.." + Integer.MAX_VALUE,
                                String.valueOf(c.min())));
                    }
                    if (c.max() != Long.MAX_VALUE && (c.max() < floor || c.max() > Integer.MAX_VALUE)) {
                        problems.add(new ConfigProblem(path + ".max", "an integer " + floor + ".." + Integer.MAX_VALUE
                                + (floor == 1 ? " (every customer has at least one purchase)" : ""), String.valueOf(c.max())));
                    }
                }
            }
        }
        if (fallback.isPresent()) {
            if (!index.containsKey(fallback.get().id())) {
                problems.add(new ConfigProblem("$.fallback", "a segment listed in $.segments",
                        "unknown segment \"" + fallback.get().id() + "\""));
            } else if (alternatives.containsKey(fallback.get().id())) {
                problems.add(new ConfigProblem("$.fallback", "a segment without conditions",
                        "\"" + fallback.get().id() + "\", which also has conditions"));
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            String id = segments.get(i).id();
            if (!alternatives.containsKey(id) && !(fallback.isPresent() && fallback.get().id().equals(id))) {
                problems.add(new ConfigProblem("$.segments[" + i + "]", "conditions (\"when\" or \"anyOf\"), or to be the fallback",
                        "segment \"" + id + "\" with neither"));
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        coverage(levels, rules, paths, fallback, problems);
    }

    /** Walks the levels³ score grid: which rule takes which cell, and what is left. */
    private static void coverage(int levels, List<SegmentRule> rules, String[] paths, Optional<Segment> fallback,
                                 List<ConfigProblem> problems) {
        int cells = levels * levels * levels;
        BitSet covered = new BitSet(cells);
        for (int k = 0; k < rules.size(); k++) {
            SegmentRule rule = rules.get(k);
            BitSet matched = scoreCells(levels, rule);
            if (matched.isEmpty()) {
                problems.add(new ConfigProblem(paths[k], "conditions some score cell can meet",
                        "unreachable rule: no (r, f, m) cell satisfies it"));
                continue;
            }
            BitSet fresh = (BitSet) matched.clone();
            fresh.andNot(covered);
            if (fresh.isEmpty()) {
                problems.add(new ConfigProblem(paths[k], "a rule that can match someone",
                        "unreachable rule: earlier rules take every score cell it matches"));
            }
            if (!rule.usesMetrics()) {
                covered.or(matched);
            }
        }
        int firstGap = covered.nextClearBit(0);
        if (firstGap < cells && fallback.isEmpty()) {
            problems.add(new ConfigProblem("$.fallback", "a fallback segment, because the rules leave "
                    + (cells - covered.cardinality()) + " of " + cells + " score cells uncovered",
                    "missing fallback; first uncovered cell " + cellName(levels, firstGap)));
        }
        if (firstGap >= cells && fallback.isPresent()) {
            problems.add(new ConfigProblem("$.fallback", "no fallback, because the rules cover every score cell",
                    "unreachable fallback \"" + fallback.get().id() + "\""));
        }
    }

    static BitSet scoreCells(int levels, SegmentRule rule) {
        BitSet matched = new BitSet();
        for (int r = 1; r <= levels; r++) {
            for (int f = 1; f <= levels; f++) {
                for (int m = 1; m <= levels; m++) {
                    if (scoreMatch(rule, r, f, m)) {
                        matched.set(((r - 1) * levels + (f - 1)) * levels + (m - 1));
                    }
                }
            }
        }
        return matched;
    }

    private static boolean scoreMatch(SegmentRule rule, int r, int f, int m) {
        for (Condition c : rule.conditions()) {
            long value = switch (c.field()) {
                case R -> r;
                case F -> f;
                case M -> m;
                case FM -> (f + m + 1) / 2;
                default -> Long.MIN_VALUE; // metrics: not decided by the grid
            };
            if (value != Long.MIN_VALUE && !c.test(value)) {
                return false;
            }
        }
        return true;
    }

    private static String cellName(int levels, int cell) {
        int m = cell % levels + 1;
        int f = (cell / levels) % levels + 1;
        int r = cell / (levels * levels) + 1;
        return "r=" + r + ", f=" + f + ", m=" + m;
    }

    // ------------------------------------------------------------------ building in Java

    /** A builder for a scheme with the given name and score levels. */
    public static Builder newBuilder(String name, int levels) {
        return new Builder(name, levels);
    }

    /** Builds a {@link SegmentScheme}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final int levels;
        private Optional<Currency> currency = Optional.empty();
        private final List<Segment> segments = new ArrayList<>();
        private final List<SegmentRule> rules = new ArrayList<>();
        private Optional<Segment> fallback = Optional.empty();

        private Builder(String name, int levels) {
            this.name = name;
            this.levels = levels;
        }

        /** The currency of monetary conditions. */
        public Builder currency(Currency currency) {
            this.currency = Optional.of(currency);
            return this;
        }

        /** Adds a segment that matches when all the conditions hold. */
        public Builder segment(Segment segment, Condition... conditions) {
            add(segment);
            rules.add(new SegmentRule(segment, List.of(conditions)));
            return this;
        }

        /** Adds another way into an already added segment (or adds it). */
        public Builder or(Segment segment, Condition... conditions) {
            return segment(segment, conditions);
        }

        /** Adds the segment that takes everyone no rule matches. */
        public Builder fallback(Segment segment) {
            add(segment);
            this.fallback = Optional.of(segment);
            return this;
        }

        private void add(Segment segment) {
            if (segments.stream().noneMatch(s -> s.id().equals(segment.id()))) {
                segments.add(segment);
            }
        }

        /** The validated scheme. */
        public SegmentScheme build() {
            return new SegmentScheme(name, levels, currency, segments, rules, fallback);
        }
    }

    // ------------------------------------------------------------------ built-ins

    /**
     * A built-in scheme: {@code seed4} (the four classic groups plus a remainder, 2 levels),
     * {@code rfm8} (each of R, F, M high or low, 2 levels) or {@code rfm11} (the eleven common segments
     * as a partition of the 5-level R × FM grid).
     */
    public static SegmentScheme builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no built-in scheme '" + name + "'; the built-ins are " + BUILT_IN);
        }
        try (InputStream in = SegmentScheme.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("built-in scheme resource " + name + ".json is missing from the jar");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ JSON

    private static final Set<String> TOP = Set.of("name", "description", "levels", "currency", "segments", "fallback");
    private static final Set<String> SEGMENT = Set.of("id", "labels", "when", "anyOf");
    private static final Set<String> RANGE = Set.of("min", "max");

    /**
     * Reads a scheme from JSON, e.g.
     * <pre>{@code
     * {"name": "vip", "levels": 5, "currency": "GBP",
     *  "segments": [
     *    {"id": "vip", "labels": {"en": "VIP", "zh-CN": "贵宾"}, "when": {"r": {"min": 4}, "monetary": {"min": "1000.00"}}},
     *    {"id": "rest", "labels": {"en": "Everyone else"}}],
     *  "fallback": "rest"}
     * }</pre>
     * A condition is an integer (equality) or {@code {"min": …, "max": …}} with either bound optional.
     *
     * @throws ConfigException with the JSON path of every problem
     */
    public static SegmentScheme fromJson(String json) {
        JsonInput in = new JsonInput("segment scheme");
        JsonNode root = in.parse(json);
        if (!in.object(root, "$")) {
            in.throwIfProblems();
        }
        in.onlyKnown(root, "$", TOP);
        String name = in.requiredText(root, "name", "$").orElse("?");
        int levels = (int) in.requiredLong(root, "levels", "$", 2, 9).orElse(-1);
        Optional<Currency> currency = in.currency(root, "currency", "$", false);
        List<Segment> segments = new ArrayList<>();
        List<SegmentRule> rules = new ArrayList<>();
        JsonNode list = in.requiredArray(root, "segments", "$").orElse(null);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String path = "$.segments[" + i + "]";
                JsonNode node = list.get(i);
                if (!in.object(node, path)) {
                    continue;
                }
                in.onlyKnown(node, path, SEGMENT);
                Optional<Segment> segment = readSegment(in, node, path);
                segment.ifPresent(segments::add);
                if (node.has("when") && node.has("anyOf")) {
                    in.problem(path, "either \"when\" or \"anyOf\"", "both");
                    continue;
                }
                if (node.has("when")) {
                    List<Condition> conditions = readConditions(in, node.get("when"), path + ".when", levels, currency);
                    segment.ifPresent(s -> rules.add(new SegmentRule(s, conditions)));
                } else if (node.has("anyOf")) {
                    JsonNode any = node.get("anyOf");
                    if (!any.isArray() || any.isEmpty()) {
                        in.problem(path + ".anyOf", "a non-empty array of conditions", JsonInput.describe(any));
                        continue;
                    }
                    for (int j = 0; j < any.size(); j++) {
                        List<Condition> conditions = readConditions(in, any.get(j), path + ".anyOf[" + j + "]", levels,
                                currency);
                        segment.ifPresent(s -> rules.add(new SegmentRule(s, conditions)));
                    }
                }
            }
        }
        Optional<Segment> fallback = in.optionalText(root, "fallback", "$").flatMap(id -> {
            Optional<Segment> found = segments.stream().filter(s -> s.id().equals(id)).findFirst();
            if (found.isEmpty()) {
                in.problem("$.fallback", "the id of a segment in $.segments", "unknown segment \"" + id + "\"");
            }
            return found;
        });
        in.throwIfProblems();
        return new SegmentScheme(name, levels, currency, segments, rules, fallback);
    }

    private static Optional<Segment> readSegment(JsonInput in, JsonNode node, String path) {
        Optional<String> id = in.requiredText(node, "id", path);
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode labelNode = node.get("labels");
        if (labelNode == null || !labelNode.isObject()) {
            in.problem(path + ".labels", "an object of labels by language tag, with \"en\"", JsonInput.describe(labelNode));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = labelNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                    in.problem(path + ".labels." + e.getKey(), "a non-blank string", JsonInput.describe(e.getValue()));
                } else {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            }
            if (!labelNode.has("en")) {
                in.problem(path + ".labels.en", "an English label", "nothing");
            }
        }
        if (id.isEmpty() || !labels.containsKey("en")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Segment(id.get(), labels));
        } catch (IllegalArgumentException e) {
            in.problem(path + ".id", "lower-case letters, digits and '-', starting with a letter",
                    "\"" + id.get() + "\"");
            return Optional.empty();
        }
    }

    private static List<Condition> readConditions(JsonInput in, JsonNode node, String path, int levels,
                                                  Optional<Currency> currency) {
        List<Condition> conditions = new ArrayList<>();
        if (!in.object(node, path)) {
            return conditions;
        }
        if (node.isEmpty()) {
            in.problem(path, "at least one condition (a segment without conditions is the fallback)", "{}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String fieldPath = path + "." + e.getKey();
            Optional<Field> field = Field.ofJsonName(e.getKey());
            if (field.isEmpty()) {
                in.problem(fieldPath, "one of " + Arrays.stream(Field.values()).map(Field::jsonName).toList(),
                        "unknown field '" + e.getKey() + "'");
                continue;
            }
            readRange(in, field.get(), e.getValue(), fieldPath, levels, currency).ifPresent(conditions::add);
        }
        return conditions;
    }

    private static Optional<Condition> readRange(JsonInput in, Field field, JsonNode node, String path, int levels,
                                                 Optional<Currency> currency) {
        long lowest = lowest(field);
        long highest = highest(field, levels);
        if (node.isObject()) {
            in.onlyKnown(node, path, RANGE);
            if (!node.has("min") && !node.has("max")) {
                in.problem(path, "\"min\", \"max\" or both", "neither");
                return Optional.empty();
            }
            OptionalLong min = node.has("min") ? bound(in, field, node.get("min"), path + ".min", levels, currency)
                    : OptionalLong.of(lowest);
            OptionalLong max = node.has("max") ? bound(in, field, node.get("max"), path + ".max", levels, currency)
                    : OptionalLong.of(highest);
            if (min.isEmpty() || max.isEmpty()) {
                return Optional.empty();
            }
            if (min.getAsLong() > max.getAsLong()) {
                in.problem(path, "min <= max", "min " + node.get("min") + " > max " + node.get("max"));
                return Optional.empty();
            }
            return Optional.of(new Condition(field, min.getAsLong(), max.getAsLong()));
        }
        OptionalLong value = bound(in, field, node, path, levels, currency);
        return value.isPresent() ? Optional.of(Condition.is(field, value.getAsLong())) : Optional.empty();
    }

    private static OptionalLong bound(JsonInput in, Field field, JsonNode node, String path, int levels,
                                      Optional<Currency> currency) {
        if (field.isScore()) {
            return in.wholeNumber(node, path, 1, Math.max(levels, 1));
        }
        if (field == Field.MONETARY) {
            Optional<BigDecimal> amount = in.decimal(node, path);
            if (amount.isEmpty()) {
                return OptionalLong.empty();
            }
            if (currency.isEmpty()) {
                in.problem("$.currency", "a currency, because " + path + " tests a monetary amount", "nothing");
                return OptionalLong.empty();
            }
            int digits = currency.get().getDefaultFractionDigits();
            try {
                return OptionalLong.of(amount.get().setScale(digits, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
            } catch (ArithmeticException e) {
                in.problem(path, "an amount with at most " + digits + " decimals", amount.get().toPlainString());
                return OptionalLong.empty();
            }
        }
        return in.wholeNumber(node, path, 0, Integer.MAX_VALUE);
    }

    /** The scheme as JSON; {@link #fromJson} reads it back into an equal scheme. */
    public String toJson() {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("name", name);
        root.put("levels", levels);
        currency.ifPresent(c -> root.put("currency", c.getCurrencyCode()));
        ArrayNode list = root.putArray("segments");
        Map<String, List<SegmentRule>> bySegment = rules.stream()
                .collect(Collectors.groupingBy(r -> r.segment().id(), LinkedHashMap::new, Collectors.toList()));
        for (Segment segment : segments) {
            ObjectNode node = list.addObject();
            node.put("id", segment.id());
            ObjectNode labels = node.putObject("labels");
            segment.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> labels.put(e.getKey(), e.getValue()));
            List<SegmentRule> own = bySegment.getOrDefault(segment.id(), List.of());
            if (own.size() == 1) {
                writeConditions(node.putObject("when"), own.get(0));
            } else if (own.size() > 1) {
                ArrayNode any = node.putArray("anyOf");
                own.forEach(r -> writeConditions(any.addObject(), r));
            }
        }
        fallback.ifPresent(f -> root.put("fallback", f.id()));
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of plain values always serialises", e);
        }
    }

    private void writeConditions(ObjectNode node, SegmentRule rule) {
        for (Condition c : rule.conditions()) {
            long lowest = lowest(c.field());
            long highest = highest(c.field(), levels);
            ObjectNode range = node.putObject(c.field().jsonName());
            if (c.min() != lowest) {
                putBound(range, "min", c.field(), c.min());
            }
            if (c.max() != highest) {
                putBound(range, "max", c.field(), c.max());
            }
            if (range.isEmpty()) {
                putBound(range, "min", c.field(), c.min());
            }
        }
    }

    private void putBound(ObjectNode range, String name, Field field, long value) {
        if (field == Field.MONETARY) {
            int digits = currency.map(Currency::getDefaultFractionDigits).orElse(2);
            range.put(name, BigDecimal.valueOf(value, digits).toPlainString());
        } else {
            range.put(name, value);
        }
    }
}
