package io.recall.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.recall.identity.IdentityRules;
import io.recall.identity.MatchKey;
import io.recall.internal.JsonInput;
import io.recall.model.Money;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A multi-source import: the sources and how their people are matched. Loaded from JSON such as
 * <pre>{@code
 * {"sources": [
 *    {"name": "online", "kind": "orders", "file": "orders.csv.gz", "zone": "Europe/London", "currency": "GBP",
 *     "columns": {"customerId": "CustomerID", "orderId": "InvoiceNo", "at": "InvoiceDate",
 *                 "sku": "StockCode", "quantity": "Quantity", "unitPrice": "UnitPrice"}},
 *    {"name": "stores", "kind": "profiles", "file": "members.jsonl", "format": "jsonl", "titleCaseNames": true,
 *     "columns": {"id": "member_no", "phone": "mobile", "memberId": "member_no", "name": "full_name",
 *                 "country": "country", "observedAt": "updated"},
 *     "consents": {"email": {"status": "email_optin", "at": "email_optin_at"}, "sms": {"status": "sms_ok"}}},
 *    {"name": "web-views", "kind": "views", "file": "views.csv", "customersFrom": "stores",
 *     "columns": {"customerId": "member_no", "sku": "product", "at": "viewed_at", "dwell": "seconds"}},
 *    {"name": "desk", "kind": "interactions", "file": "tickets.csv", "customersFrom": "stores", "orderIdsFrom": "online",
 *     "columns": {"customerId": "member_no", "id": "ticket", "at": "opened", "type": "type", "status": "state",
 *                 "channel": "via", "category": "topic", "orderId": "invoice"}}],
 *  "identity": {"keys": ["email", "phone", "memberId", "linkedId"], "sourcePriority": ["online", "stores"],
 *               "blocklist": ["+44 20 7946 0000"], "defaultRegion": "GB"}}
 * }</pre>
 * Files are relative to the configuration's folder. Every problem is reported with its JSON path,
 * including columns a kind does not know and required fields that are not mapped. The fields of each kind
 * are listed on {@link SourceMapping.Kind}; {@code consents} (profiles only) maps a channel id to the column
 * stating it and, optionally, the column saying when; {@code titleCaseNames} (profiles only) title-cases names
 * typed all in one case (see {@link io.recall.identity.Names#titleCase}).
 *
 * @param sources  the sources, in the order given
 * @param identity how records are matched; its phone normaliser is E.164-only until the caller sets one
 */
public record ImportConfig(List<SourceMapping> sources, IdentityRules identity) {

    /** Copies. */
    public ImportConfig {
        sources = List.copyOf(sources);
        java.util.Objects.requireNonNull(identity, "identity");
    }

    private static final Set<String> TOP = Set.of("sources", "identity");
    private static final Set<String> SOURCE = Set.of("name", "kind", "file", "format", "columns", "dateFormat", "zone",
            "currency", "decimalSeparator", "delimiter", "customersFrom", "orderIdsFrom", "consents", "titleCaseNames");
    private static final Set<String> CONSENT = Set.of("status", "at");
    private static final Set<String> IDENTITY = Set.of("keys", "sourcePriority", "blocklist", "defaultRegion");
    static final Map<SourceMapping.Kind, Set<String>> FIELDS = Map.of(
            SourceMapping.Kind.ORDERS, Set.of("customerId", "orderId", "at", "amount", "quantity", "unitPrice", "sku",
                    "category", "currency", "kind", "refundId"),
            SourceMapping.Kind.PROFILES, Set.of("id", "name", "email", "phone", "memberId", "memberTier", "birthYear",
                    "ageBand", "gender", "timeZone", "locale", "country", "linkedId", "observedAt"),
            SourceMapping.Kind.VIEWS, Set.of("customerId", "sku", "at", "dwell"),
            SourceMapping.Kind.INTERACTIONS, Set.of("customerId", "id", "type", "at", "channel", "status", "category",
                    "orderId", "sentiment"),
            SourceMapping.Kind.PRODUCTS, Set.of("sku", "category"));
    static final Map<SourceMapping.Kind, List<String>> REQUIRED = Map.of(
            SourceMapping.Kind.ORDERS, List.of("customerId", "orderId", "at"),
            SourceMapping.Kind.PROFILES, List.of("id"),
            SourceMapping.Kind.VIEWS, List.of("customerId", "sku", "at"),
            SourceMapping.Kind.INTERACTIONS, List.of("customerId", "at", "type"),
            SourceMapping.Kind.PRODUCTS, List.of("sku"));

    /**
     * Reads a configuration; relative file names resolve against {@code baseDir}.
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static ImportConfig fromJson(String json, Path baseDir) {
        JsonInput in = new JsonInput("import configuration");
        JsonNode root = in.parse(json);
        if (!in.object(root, "$")) {
            in.throwIfProblems();
        }
        in.onlyKnown(root, "$", TOP);
        List<SourceMapping> sources = new ArrayList<>();
        List<Declared> declared = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = in.requiredArray(root, "sources", "$").orElse(null);
        if (list != null && list.isEmpty()) {
            in.problem("$.sources", "at least one source", "[]");
        }
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "$.sources[" + i + "]";
            JsonNode node = list.get(i);
            if (!in.object(node, path)) {
                continue;
            }
            in.onlyKnown(node, path, SOURCE);
            Optional<String> name = in.requiredText(node, "name", path);
            name.filter(n -> !n.matches("[a-z][a-z0-9_-]*"))
                    .ifPresent(n -> in.problem(path + ".name", "lower-case letters, digits, '-' or '_'", "\"" + n + "\""));
            name.filter(n -> !names.add(n))
                    .ifPresent(n -> in.problem(path + ".name", "a name no other source has", "\"" + n + "\" again"));
            Optional<SourceMapping.Kind> kind = choice(in, node, "kind", path, SourceMapping.Kind.class, true);
            Optional<String> file = in.requiredText(node, "file", path);
            SourceMapping.Format format = choice(in, node, "format", path, SourceMapping.Format.class, false)
                    .orElse(SourceMapping.Format.CSV);
            Map<String, String> columns = new LinkedHashMap<>();
            JsonNode cols = node.get("columns");
            if (cols == null || !cols.isObject()) {
                in.problem(path + ".columns", "an object of field name to column name", JsonInput.describe(cols));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = path + ".columns." + e.getKey();
                    if (kind.isPresent() && !FIELDS.get(kind.get()).contains(e.getKey())) {
                        in.problem(at, "a field of " + kind.get().name().toLowerCase(Locale.ROOT) + ": "
                                + new java.util.TreeSet<>(FIELDS.get(kind.get())), "unknown field '" + e.getKey() + "'");
                    } else if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                        in.problem(at, "a column name", JsonInput.describe(e.getValue()));
                    } else {
                        columns.put(e.getKey(), e.getValue().asText());
                    }
                }
                kind.ifPresent(k -> {
                    for (String required : REQUIRED.get(k)) {
                        if (!columns.containsKey(required)) {
                            in.problem(path + ".columns." + required, "the column holding " + required, "nothing");
                        }
                    }
                    if (k == SourceMapping.Kind.ORDERS && !columns.containsKey("amount")
                            && !(columns.containsKey("quantity") && columns.containsKey("unitPrice"))) {
                        in.problem(path + ".columns.amount", "amount, or quantity and unitPrice", "neither");
                    }
                });
            }
            Optional<String> dateFormat = in.optionalText(node, "dateFormat", path).filter(pattern -> {
                try {
                    DateTimeFormatter.ofPattern(pattern.replace('y', 'u'));
                    return true;
                } catch (IllegalArgumentException e) {
                    in.problem(path + ".dateFormat", "a java.time pattern such as dd/MM/yyyy HH:mm", "\"" + pattern + "\"");
                    return false;
                }
            });
            ZoneId zone = in.optionalText(node, "zone", path).flatMap(z -> {
                try {
                    return Optional.of(ZoneId.of(z));
                } catch (DateTimeException e) {
                    in.problem(path + ".zone", "a time-zone id such as Europe/London", "\"" + z + "\"");
                    return Optional.empty();
                }
            }).orElse(ZoneOffset.UTC);
            Optional<String> currency = in.currency(node, "currency", path, false).map(java.util.Currency::getCurrencyCode);
            if (kind.filter(k -> k == SourceMapping.Kind.ORDERS).isPresent() && currency.isEmpty()
                    && !columns.containsKey("currency")) {
                in.problem(path + ".currency", "a currency, or a currency column", "neither");
            }
            char decimal = character(in, node, "decimalSeparator", path, ".,", '.');
            char delimiter = character(in, node, "delimiter", path, ",;\t|", ',');
            if (delimiter == decimal && format == SourceMapping.Format.CSV) {
                in.problem(path + ".delimiter", "a delimiter other than the decimal separator", "'" + delimiter + "'");
            }
            Optional<String> customersFrom = in.optionalText(node, "customersFrom", path);
            if (customersFrom.isPresent() && kind.filter(k -> k == SourceMapping.Kind.PROFILES
                    || k == SourceMapping.Kind.PRODUCTS).isPresent()) {
                in.problem(path + ".customersFrom", "nothing: only order, view and interaction sources name whose ids they use",
                        "\"" + customersFrom.get() + "\"");
            }
            Optional<String> orderIdsFrom = in.optionalText(node, "orderIdsFrom", path);
            if (orderIdsFrom.isPresent() && kind.filter(k -> k == SourceMapping.Kind.PROFILES
                    || k == SourceMapping.Kind.VIEWS || k == SourceMapping.Kind.PRODUCTS).isPresent()) {
                in.problem(path + ".orderIdsFrom", "nothing: only order and interaction sources name order numbers",
                        "\"" + orderIdsFrom.get() + "\"");
            }
            Map<String, SourceMapping.ConsentColumns> consents = consents(in, node, path, kind);
            boolean titleCase = false;
            JsonNode title = node.get("titleCaseNames");
            if (title != null) {
                if (!title.isBoolean()) {
                    in.problem(path + ".titleCaseNames", "true or false", JsonInput.describe(title));
                } else if (kind.filter(k -> k != SourceMapping.Kind.PROFILES).isPresent()) {
                    in.problem(path + ".titleCaseNames", "nothing: only profile sources have names", title.toString());
                } else {
                    titleCase = title.booleanValue();
                }
            }
            declared.add(new Declared(name.orElse(""), kind, customersFrom, orderIdsFrom));
            if (name.isPresent() && kind.isPresent() && file.isPresent() && !in.hasProblems()) {
                sources.add(new SourceMapping(name.get(), kind.get(), baseDir.resolve(file.get()), format, columns,
                        dateFormat, zone, currency, decimal, delimiter, customersFrom, orderIdsFrom, consents, titleCase));
            }
        }
        // Checked against every declared source, so these problems show even when others were found first.
        for (int i = 0; i < declared.size(); i++) {
            Optional<String> orders = declared.get(i).orderIdsFrom();
            String self = declared.get(i).name();
            if (orders.isPresent() && (orders.get().equals(self) || declared.stream().noneMatch(s ->
                    s.name().equals(orders.get()) && s.kind().equals(Optional.of(SourceMapping.Kind.ORDERS))))) {
                in.problem("$.sources[" + i + "].orderIdsFrom", "the name of another orders source",
                        "\"" + orders.get() + "\"");
            }
            Optional<String> from = declared.get(i).customersFrom();
            if (from.isPresent() && declared.stream().noneMatch(s -> s.name().equals(from.get())
                    && s.kind().equals(Optional.of(SourceMapping.Kind.PROFILES)))) {
                in.problem("$.sources[" + i + "].customersFrom", "the name of a profiles source",
                        "\"" + from.get() + "\"");
            }
        }
        IdentityRules identity = identity(in, root.get("identity"), names);
        in.throwIfProblems();
        return new ImportConfig(sources, identity);
    }

    private static Map<String, SourceMapping.ConsentColumns> consents(JsonInput in, JsonNode node, String path,
                                                                      Optional<SourceMapping.Kind> kind) {
        Map<String, SourceMapping.ConsentColumns> consents = new LinkedHashMap<>();
        JsonNode all = node.get("consents");
        if (all == null) {
            return consents;
        }
        String at = path + ".consents";
        if (kind.filter(k -> k != SourceMapping.Kind.PROFILES).isPresent()) {
            in.problem(at, "nothing: only profile sources state consents", JsonInput.describe(all));
            return consents;
        }
        if (!in.object(all, at)) {
            return consents;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String channelPath = at + "." + e.getKey();
            if (!e.getKey().matches("[a-z][a-z0-9_-]{0,63}")) {
                in.problem(channelPath, "a channel id such as email, sms, push, phone or ads", "\"" + e.getKey() + "\"");
                continue;
            }
            if (!in.object(e.getValue(), channelPath)) {
                continue;
            }
            in.onlyKnown(e.getValue(), channelPath, CONSENT);
            Optional<String> status = in.requiredText(e.getValue(), "status", channelPath);
            Optional<String> when = in.optionalText(e.getValue(), "at", channelPath);
            status.ifPresent(s -> consents.put(e.getKey(), new SourceMapping.ConsentColumns(s, when)));
        }
        return consents;
    }

    /** What a source declares about itself, kept even when the source has problems, for cross-checks. */
    private record Declared(String name, Optional<SourceMapping.Kind> kind, Optional<String> customersFrom,
                            Optional<String> orderIdsFrom) {
    }

    private static IdentityRules identity(JsonInput in, JsonNode node, Set<String> sourceNames) {
        IdentityRules rules = IdentityRules.defaults();
        if (node == null) {
            return rules;
        }
        if (!in.object(node, "$.identity")) {
            return rules;
        }
        in.onlyKnown(node, "$.identity", IDENTITY);
        if (node.has("keys")) {
            Set<MatchKey> keys = EnumSet.noneOf(MatchKey.class);
            JsonNode list = node.get("keys");
            for (int i = 0; list.isArray() && i < list.size(); i++) {
                String text = list.get(i).asText();
                switch (text) {
                    case "email" -> keys.add(MatchKey.EMAIL);
                    case "phone" -> keys.add(MatchKey.PHONE);
                    case "memberId" -> keys.add(MatchKey.MEMBER_ID);
                    case "linkedId" -> keys.add(MatchKey.LINKED_ID);
                    default -> in.problem("$.identity.keys[" + i + "]", "one of email, phone, memberId, linkedId",
                            JsonInput.describe(list.get(i)));
                }
            }
            if (!list.isArray() || keys.isEmpty()) {
                in.problem("$.identity.keys", "a non-empty array of match keys", JsonInput.describe(list));
            } else {
                rules = rules.withKeys(keys);
            }
        }
        List<String> priority = strings(in, node, "sourcePriority");
        for (int i = 0; i < priority.size(); i++) {
            if (!sourceNames.contains(priority.get(i))) {
                in.problem("$.identity.sourcePriority[" + i + "]", "the name of a source in $.sources",
                        "unknown source \"" + priority.get(i) + "\"");
            }
        }
        if (priority.stream().distinct().count() == priority.size()) {
            rules = rules.withSourcePriority(priority);
        } else {
            in.problem("$.identity.sourcePriority", "each source once", priority.toString());
        }
        rules = rules.withBlocklist(Set.copyOf(strings(in, node, "blocklist")));
        Optional<String> region = in.optionalText(node, "defaultRegion", "$.identity");
        region.filter(r -> !r.matches("[A-Z]{2}"))
                .ifPresent(r -> in.problem("$.identity.defaultRegion", "an ISO 3166 region such as GB", "\"" + r + "\""));
        return rules.withPhones(rules.phones(), region);
    }

    private static List<String> strings(JsonInput in, JsonNode node, String name) {
        JsonNode list = node.get(name);
        if (list == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (!list.isArray()) {
            in.problem("$.identity." + name, "an array of strings", JsonInput.describe(list));
            return values;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                in.problem("$.identity." + name + "[" + i + "]", "a string", JsonInput.describe(list.get(i)));
            } else {
                values.add(list.get(i).asText());
            }
        }
        return values;
    }

    private static <E extends Enum<E>> Optional<E> choice(JsonInput in, JsonNode node, String name, String path,
                                                          Class<E> type, boolean required) {
        Optional<String> text = required ? in.requiredText(node, name, path) : in.optionalText(node, name, path);
        return text.flatMap(t -> {
            try {
                return Optional.of(Enum.valueOf(type, t.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                in.problem(path + "." + name, "one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList(), "\"" + t + "\"");
                return Optional.empty();
            }
        });
    }

    private static char character(JsonInput in, JsonNode node, String name, String path, String allowed, char fallback) {
        JsonNode raw = node.get(name);
        if (raw == null || raw.isNull()) {
            return fallback;
        }
        String text = raw.isTextual() ? raw.asText() : "";
        if (text.length() != 1 || allowed.indexOf(text.charAt(0)) < 0) {
            in.problem(path + "." + name, "one of " + allowed.replace("\t", "\\t").chars()
                    .mapToObj(c -> c == '\t' ? "'\\t'" : "'" + (char) c + "'").toList(), JsonInput.describe(raw));
            return fallback;
        }
        return text.charAt(0);
    }
}
