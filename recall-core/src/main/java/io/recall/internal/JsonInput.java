package io.recall.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a JSON tree while collecting problems with their JSON paths, so that a loader reports every
 * error at once instead of the first. Not thread-safe; one per load.
 */
public final class JsonInput {

    /**
     * Shared, configured once (thread-safe after that): JSON numbers become exact BigDecimals, never
     * doubles, since thresholds and amounts are money; a repeated key is an error, not "last one wins".
     */
    public static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String what;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public JsonInput(String what) {
        this.what = what;
    }

    /** Parses text; a syntax error becomes a problem at the line and column, thrown at once. */
    public JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                problem("$", "a JSON document", "empty input");
                throwIfProblems();
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "$"
                    : "$ (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            problem(where, "well-formed JSON", e.getOriginalMessage());
            throw new ConfigException(what, problems);
        }
    }

    public void problem(String path, String expected, String found) {
        problems.add(new ConfigProblem(path, expected, found));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(what, problems);
        }
    }

    /** A short rendering of a node for "found …" messages. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        String kind = node.getNodeType() == JsonNodeType.NULL ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return node.isNull() ? "null" : kind + " " + text;
    }

    /** True when node is an object; otherwise records a problem. */
    public boolean object(JsonNode node, String path) {
        if (node != null && node.isObject()) {
            return true;
        }
        problem(path, "an object", describe(node));
        return false;
    }

    /** Reports every member of {@code node} whose name is not in {@code known}. */
    public void onlyKnown(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problem(path + "." + name, "one of " + new java.util.TreeSet<>(known), "unknown field '" + name + "'");
            }
        }
    }

    /** A required non-blank string member. */
    public Optional<String> requiredText(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            problem(path + "." + name, "a non-blank string", describe(node));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** An optional string member; a present non-string is a problem. */
    public Optional<String> optionalText(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(path + "." + name, "a non-blank string", describe(node));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** A required whole number within [min, max]. */
    public OptionalLong requiredLong(JsonNode parent, String name, String path, long min, long max) {
        JsonNode node = parent.get(name);
        if (node == null) {
            problem(path + "." + name, "an integer " + min + ".." + max, "nothing");
            return OptionalLong.empty();
        }
        return wholeNumber(node, path + "." + name, min, max);
    }

    /** A whole number node within [min, max]. */
    public OptionalLong wholeNumber(JsonNode node, String path, long min, long max) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            problem(path, "an integer " + min + ".." + max, describe(node));
            return OptionalLong.empty();
        }
        long value = node.longValue();
        if (value < min || value > max) {
            problem(path, "an integer " + min + ".." + max, String.valueOf(value));
            return OptionalLong.empty();
        }
        return OptionalLong.of(value);
    }

    /** An exact decimal, written as a JSON string ("12.50") or a JSON number. */
    public Optional<BigDecimal> decimal(JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            try {
                return Optional.of(new BigDecimal(node.asText().trim()));
            } catch (NumberFormatException e) {
                problem(path, "a decimal number", describe(node));
                return Optional.empty();
            }
        }
        if (node != null && node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        problem(path, "a decimal number", describe(node));
        return Optional.empty();
    }

    /**
     * Parses a versioned document: an object whose {@code type} is {@code type}, whose {@code version} is
     * {@code version}, and with no members but {@code fields}. Problems are collected; a document that is
     * not even an object is thrown at once.
     */
    public JsonNode document(String json, String type, int version, Set<String> fields) {
        JsonNode root = parse(json);
        if (!object(root, "$")) {
            throwIfProblems();
        }
        onlyKnown(root, "$", fields);
        requiredText(root, "type", "$").filter(t -> !t.equals(type))
                .ifPresent(t -> problem("$.type", "\"" + type + "\"", "\"" + t + "\""));
        requiredLong(root, "version", "$", version, version);
        return root;
    }

    /** An ISO 4217 currency member (required or optional); an unknown code is a problem. */
    public Optional<java.util.Currency> currency(JsonNode parent, String name, String path, boolean required) {
        Optional<String> code = required ? requiredText(parent, name, path) : optionalText(parent, name, path);
        return code.flatMap(c -> {
            try {
                return Optional.of(io.recall.model.Money.currency(c));
            } catch (IllegalArgumentException e) {
                problem(path + "." + name, "an ISO 4217 currency code", "\"" + c + "\"");
                return Optional.empty();
            }
        });
    }

    /** A required array member. */
    public Optional<JsonNode> requiredArray(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isArray()) {
            problem(path + "." + name, "an array", describe(node));
            return Optional.empty();
        }
        return Optional.of(node);
    }
}
