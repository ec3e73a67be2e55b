package io.recall.campaign.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.campaign.Campaign;
import io.recall.campaign.CampaignKind;
import io.recall.campaign.MetricFilter;
import io.recall.campaign.Schedule;
import io.recall.channels.Channel;
import io.recall.config.ConfigProblem;
import io.recall.delivery.SendWindow;
import io.recall.internal.JsonInput;
import io.recall.segment.SegmentScheme;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads, writes and checks campaigns; the one place that knows the JSON shape and the JSON paths. */
public final class CampaignJson {

    private static final String TYPE = "recall-campaign";
    private static final int VERSION = 1;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final BigDecimal MAX_HOLDOUT = new BigDecimal("0.5");

    private CampaignJson() {
    }

    /**
     * The value checks shared by the loader and the constructor, so a built campaign and a loaded one fail
     * alike, with the same paths. Arguments the loader could not read are null and skipped.
     */
    public static List<ConfigProblem> check(String id, CampaignKind kind, List<String> segments, BigDecimal holdout,
                                            Optional<String> incentives, Map<String, List<Channel>> plans,
                                            Map<Channel, String> templates) {
        List<ConfigProblem> p = new ArrayList<>();
        if (id != null && !ID.matcher(id).matches()) {
            p.add(new ConfigProblem("$.id", "1..64 characters [A-Za-z0-9_.-] starting with a letter or digit",
                    "\"" + id + "\""));
        }
        if (segments != null) {
            if (segments.isEmpty()) {
                p.add(new ConfigProblem("$.audience.segments", "at least one segment id", "an empty list"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).isBlank() || !seen.add(segments.get(i))) {
                    p.add(new ConfigProblem("$.audience.segments[" + i + "]", "a distinct non-blank segment id",
                            "\"" + segments.get(i) + "\""));
                }
            }
        }
        if (holdout != null && (holdout.signum() < 0 || holdout.compareTo(MAX_HOLDOUT) > 0)) {
            p.add(new ConfigProblem("$.holdout", "a share 0..0.5", holdout.toPlainString()));
        }
        if (kind == CampaignKind.CONTENT && incentives != null && incentives.isPresent()) {
            p.add(new ConfigProblem("$.incentives", "no incentive rule set for a content campaign",
                    "\"" + incentives.get() + "\""));
        }
        if (incentives != null && incentives.isPresent() && incentives.get().isBlank()) {
            p.add(new ConfigProblem("$.incentives", "a rule set name", "a blank string"));
        }
        if (plans != null) {
            Set<Channel> used = new HashSet<>();
            for (Map.Entry<String, List<Channel>> e : plans.entrySet()) {
                String path = "$.channels." + e.getKey();
                if (segments != null && !segments.contains(e.getKey())) {
                    p.add(new ConfigProblem(path, "a plan only for audience segments " + segments,
                            "segment '" + e.getKey() + "'"));
                }
                if (e.getValue().isEmpty()) {
                    p.add(new ConfigProblem(path, "at least one channel", "an empty list"));
                }
                Set<Channel> inPlan = new HashSet<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    Channel c = e.getValue().get(i);
                    if (!inPlan.add(c)) {
                        p.add(new ConfigProblem(path + "[" + i + "]", "each channel once", "'" + c.id() + "' again"));
                    }
                    used.add(c);
                }
            }
            if (segments != null) {
                for (String s : segments) {
                    if (!plans.containsKey(s)) {
                        p.add(new ConfigProblem("$.channels", "a channel plan for every audience segment",
                                "none for '" + s + "'"));
                    }
                }
            }
            if (templates != null) {
                used.stream().filter(c -> !templates.containsKey(c)).map(Channel::id).sorted().forEach(c ->
                        p.add(new ConfigProblem("$.templates", "a template for every planned channel",
                                "none for '" + c + "'")));
                templates.forEach((c, t) -> {
                    if (t.isBlank()) {
                        p.add(new ConfigProblem("$.templates." + c.id(), "a template id", "a blank string"));
                    }
                });
            }
        }
        return p;
    }

    /** Loads and validates a campaign; every problem is collected before one exception is thrown. */
    public static Campaign read(String json, Optional<SegmentScheme> scheme) {
        JsonInput in = new JsonInput("campaign");
        JsonNode root = in.document(json, TYPE, VERSION, Set.of("type", "version", "id", "kind", "audience",
                "holdout", "incentives", "channels", "templates", "schedule"));
        String id = in.requiredText(root, "id", "$").orElse(null);
        CampaignKind kind = in.requiredText(root, "kind", "$").map(k -> {
            Optional<CampaignKind> found = CampaignKind.byId(k);
            if (found.isEmpty()) {
                in.problem("$.kind", "one of win-back, content, event", "\"" + k + "\"");
            }
            return found.orElse(null);
        }).orElse(null);

        String schemeName = null;
        List<String> segments = null;
        List<MetricFilter> filters = new ArrayList<>();
        JsonNode audience = root.get("audience");
        if (in.object(audience, "$.audience")) {
            in.onlyKnown(audience, "$.audience", Set.of("scheme", "segments", "filters"));
            schemeName = in.requiredText(audience, "scheme", "$.audience").orElse(null);
            segments = in.requiredArray(audience, "segments", "$.audience").map(a -> texts(in, a,
                    "$.audience.segments")).orElse(null);
            JsonNode f = audience.get("filters");
            if (f != null) {
                if (!f.isArray()) {
                    in.problem("$.audience.filters", "an array", JsonInput.describe(f));
                } else {
                    for (int i = 0; i < f.size(); i++) {
                        filter(in, f.get(i), "$.audience.filters[" + i + "]").ifPresent(filters::add);
                    }
                }
            }
        }
        if (scheme.isPresent() && schemeName != null) {
            SegmentScheme s = scheme.get();
            if (!s.name().equals(schemeName)) {
                in.problem("$.audience.scheme", "\"" + s.name() + "\"", "\"" + schemeName + "\"");
            } else if (segments != null) {
                for (int i = 0; i < segments.size(); i++) {
                    if (s.segment(segments.get(i)).isEmpty()) {
                        in.problem("$.audience.segments[" + i + "]", "a segment of scheme " + s.name(),
                                "\"" + segments.get(i) + "\"");
                    }
                }
            }
        }

        BigDecimal holdout = BigDecimal.ZERO;
        if (root.has("holdout")) {
            holdout = in.decimal(root.get("holdout"), "$.holdout").orElse(null);
        }
        Optional<String> incentives = in.optionalText(root, "incentives", "$");
        if (root.has("incentives") && !root.get("incentives").isNull() && incentives.isEmpty()) {
            incentives = null; // already reported
        }

        Map<String, List<Channel>> plans = null;
        JsonNode channels = root.get("channels");
        if (in.object(channels, "$.channels")) {
            plans = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = channels.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = "$.channels." + e.getKey();
                if (!e.getValue().isArray()) {
                    in.problem(path, "an array of channel ids", JsonInput.describe(e.getValue()));
                    continue;
                }
                List<Channel> plan = new ArrayList<>();
                List<String> ids = texts(in, e.getValue(), path);
                for (int i = 0; i < ids.size(); i++) {
                    channel(in, ids.get(i), path + "[" + i + "]").ifPresent(plan::add);
                }
                plans.put(e.getKey(), plan);
            }
        }
        Map<Channel, String> templates = null;
        JsonNode t = root.get("templates");
        if (in.object(t, "$.templates")) {
            templates = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Optional<Channel> c = channel(in, e.getKey(), "$.templates." + e.getKey());
                Optional<String> template = in.requiredText(t, e.getKey(), "$.templates");
                if (c.isPresent() && template.isPresent()) {
                    templates.put(c.get(), template.get());
                }
            }
        }
        Schedule schedule = schedule(in, root.get("schedule"));

        for (ConfigProblem p : check(id, kind, segments, holdout, incentives, plans, templates)) {
            in.problem(p.path(), p.expected(), p.found());
        }
        in.throwIfProblems();
        return new Campaign(id, kind, schemeName, segments, filters, holdout, incentives, plans, templates, schedule);
    }

    private static List<String> texts(JsonInput in, JsonNode array, String path) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            if (n.isTextual()) {
                out.add(n.asText());
            } else {
                in.problem(path + "[" + i + "]", "a string", JsonInput.describe(n));
            }
        }
        return out;
    }

    private static Optional<Channel> channel(JsonInput in, String id, String path) {
        try {
            return Optional.of(Channel.of(id));
        } catch (IllegalArgumentException e) {
            in.problem(path, "a channel id such as email, sms, callback-list", "\"" + id + "\"");
            return Optional.empty();
        }
    }

    private static Optional<MetricFilter> filter(JsonInput in, JsonNode node, String path) {
        if (!in.object(node, path)) {
            return Optional.empty();
        }
        in.onlyKnown(node, path, Set.of("metric", "min", "max"));
        Optional<MetricFilter.Metric> metric = in.requiredText(node, "metric", path).flatMap(m -> {
            Optional<MetricFilter.Metric> found = MetricFilter.Metric.byId(m);
            if (found.isEmpty()) {
                in.problem(path + ".metric", "one of recency-days, frequency, monetary, tenure-days, r, f, m",
                        "\"" + m + "\"");
            }
            return found;
        });
        Optional<BigDecimal> min = node.has("min") ? in.decimal(node.get("min"), path + ".min") : Optional.empty();
        Optional<BigDecimal> max = node.has("max") ? in.decimal(node.get("max"), path + ".max") : Optional.empty();
        boolean readable = (!node.has("min") || min.isPresent()) && (!node.has("max") || max.isPresent());
        if (readable && min.isEmpty() && max.isEmpty()) {
            in.problem(path, "a min or a max", "neither");
            return Optional.empty();
        }
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            in.problem(path + ".max", "at least min " + min.get().toPlainString(), max.get().toPlainString());
            return Optional.empty();
        }
        if (metric.isEmpty() || !readable) {
            return Optional.empty();
        }
        return Optional.of(new MetricFilter(metric.get(), min, max));
    }

    private static Schedule schedule(JsonInput in, JsonNode node) {
        if (!in.object(node, "$.schedule")) {
            return null;
        }
        in.onlyKnown(node, "$.schedule", Set.of("start", "end", "sendWindow"));
        Instant start = instant(in, node, "start");
        Instant end = instant(in, node, "end");
        SendWindow window = null;
        Optional<String> w = in.requiredText(node, "sendWindow", "$.schedule");
        if (w.isPresent()) {
            String[] parts = w.get().split("-", -1);
            try {
                if (parts.length != 2) {
                    throw new DateTimeParseException("no dash", w.get(), 0);
                }
                LocalTime a = LocalTime.parse(parts[0].trim());
                LocalTime b = LocalTime.parse(parts[1].trim());
                if (a.equals(b)) {
                    in.problem("$.schedule.sendWindow", "a window whose start and end differ", "\"" + w.get() + "\"");
                } else {
                    window = SendWindow.of(a, b);
                }
            } catch (DateTimeParseException e) {
                in.problem("$.schedule.sendWindow", "a local window such as \"10:00-20:00\"", "\"" + w.get() + "\"");
            }
        }
        if (start != null && end != null && !end.isAfter(start)) {
            in.problem("$.schedule.end", "an instant after start " + start, end.toString());
            return null;
        }
        return start == null || end == null || window == null ? null : new Schedule(start, end, window);
    }

    private static Instant instant(JsonInput in, JsonNode parent, String name) {
        Optional<String> text = in.requiredText(parent, name, "$.schedule");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text.get());
        } catch (DateTimeParseException e) {
            in.problem("$.schedule." + name, "an ISO-8601 instant such as 2026-03-01T00:00:00Z",
                    "\"" + text.get() + "\"");
            return null;
        }
    }

    /** Writes a campaign; decimals as strings so their scale survives the round trip. */
    public static String write(Campaign c) {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", TYPE);
        root.put("version", VERSION);
        root.put("id", c.id());
        root.put("kind", c.kind().id());
        ObjectNode audience = root.putObject("audience");
        audience.put("scheme", c.scheme());
        ArrayNode segs = audience.putArray("segments");
        c.segments().forEach(segs::add);
        if (!c.filters().isEmpty()) {
            ArrayNode fs = audience.putArray("filters");
            for (MetricFilter f : c.filters()) {
                ObjectNode fn = fs.addObject();
                fn.put("metric", f.metric().id());
                f.min().ifPresent(m -> fn.put("min", m.toString()));
                f.max().ifPresent(m -> fn.put("max", m.toString()));
            }
        }
        root.put("holdout", c.holdoutShare().toString());
        c.incentives().ifPresent(i -> root.put("incentives", i));
        ObjectNode plans = root.putObject("channels");
        c.channelPlans().forEach((s, p) -> {
            ArrayNode a = plans.putArray(s);
            p.forEach(ch -> a.add(ch.id()));
        });
        ObjectNode templates = root.putObject("templates");
        c.templates().forEach((ch, t) -> templates.put(ch.id(), t));
        ObjectNode schedule = root.putObject("schedule");
        schedule.put("start", c.schedule().start().toString());
        schedule.put("end", c.schedule().end().toString());
        schedule.put("sendWindow", c.schedule().sendWindow().toString());
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
