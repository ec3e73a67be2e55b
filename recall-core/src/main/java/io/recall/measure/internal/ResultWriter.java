package io.recall.measure.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.measure.ArmResult;
import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.measure.Interval;
import io.recall.measure.MoneyInterval;
import io.recall.model.Money;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes measurement results as JSON and CSV; amounts as exact decimal strings with their currency. */
public final class ResultWriter {

    private ResultWriter() {
    }

    /** The result as a pretty-printed JSON document. */
    public static String json(CampaignResult r) {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", "recall-campaign-result");
        root.put("version", 1);
        root.put("campaign", r.campaignId());
        root.put("window", r.window().toString());
        root.put("confidence", r.confidence());
        root.put("randomisedHoldout", r.randomisedHoldout());
        root.set("overall", cell(r.overall()));
        ArrayNode segs = root.putArray("segments");
        r.bySegment().forEach(c -> segs.add(cell(c)));
        ArrayNode chans = root.putArray("channels");
        r.byChannel().forEach(c -> chans.add(cell(c)));
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode cell(CellResult c) {
        ObjectNode n = JsonInput.MAPPER.createObjectNode();
        n.put("dimension", c.dimension());
        n.put("key", c.key());
        n.set("treated", arm(c.treated()));
        n.set("holdout", arm(c.holdout()));
        c.uplift().ifPresent(u -> n.set("uplift", interval(u)));
        c.incrementalRevenue().ifPresent(m -> {
            ObjectNode o = n.putObject("incrementalRevenue");
            o.put("currency", m.estimate().currency().getCurrencyCode());
            o.put("estimate", m.estimate().amount().toPlainString());
            o.put("low", m.low().amount().toPlainString());
            o.put("high", m.high().amount().toPlainString());
        });
        n.set("incentiveCost", money(c.incentiveCost()));
        c.roi().ifPresent(r -> n.set("roi", interval(r)));
        return n;
    }

    private static ObjectNode arm(ArmResult a) {
        ObjectNode n = JsonInput.MAPPER.createObjectNode();
        n.put("customers", a.customers());
        n.put("converters", a.converters());
        a.rate().ifPresent(r -> n.set("rate", interval(r)));
        n.set("revenue", money(a.revenue()));
        return n;
    }

    private static ObjectNode interval(Interval i) {
        ObjectNode n = JsonInput.MAPPER.createObjectNode();
        n.put("estimate", i.estimate());
        n.put("low", i.low());
        n.put("high", i.high());
        return n;
    }

    private static ObjectNode money(Money m) {
        ObjectNode n = JsonInput.MAPPER.createObjectNode();
        n.put("amount", m.amount().toPlainString());
        n.put("currency", m.currency().getCurrencyCode());
        return n;
    }

    /** Column names of the CSV, in order. */
    public static final List<String> COLUMNS = List.of("dimension", "key", "treated_customers", "treated_converters",
            "treated_rate", "treated_rate_low", "treated_rate_high", "treated_revenue", "holdout_customers",
            "holdout_converters", "holdout_rate", "holdout_rate_low", "holdout_rate_high", "holdout_revenue",
            "uplift", "uplift_low", "uplift_high", "incremental_revenue", "incremental_revenue_low",
            "incremental_revenue_high", "incentive_cost", "roi", "roi_low", "roi_high", "currency",
            "randomised_holdout");

    /** One header row and one row per cell; absent values are empty fields. */
    public static String csv(CampaignResult r) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (CellResult c : r.cells()) {
            List<String> row = new ArrayList<>();
            row.add(c.dimension());
            row.add(c.key());
            arm(row, c.treated());
            arm(row, c.holdout());
            interval(row, c.uplift());
            Optional<MoneyInterval> inc = c.incrementalRevenue();
            row.add(inc.map(m -> m.estimate().amount().toPlainString()).orElse(""));
            row.add(inc.map(m -> m.low().amount().toPlainString()).orElse(""));
            row.add(inc.map(m -> m.high().amount().toPlainString()).orElse(""));
            row.add(c.incentiveCost().amount().toPlainString());
            interval(row, c.roi());
            row.add(c.incentiveCost().currency().getCurrencyCode());
            row.add(String.valueOf(r.randomisedHoldout()));
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : ",").append(quote(row.get(i)));
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static void arm(List<String> row, ArmResult a) {
        row.add(String.valueOf(a.customers()));
        row.add(String.valueOf(a.converters()));
        interval(row, a.rate());
        row.add(a.revenue().amount().toPlainString());
    }

    private static void interval(List<String> row, Optional<Interval> i) {
        row.add(i.map(v -> String.valueOf(v.estimate())).orElse(""));
        row.add(i.map(v -> String.valueOf(v.low())).orElse(""));
        row.add(i.map(v -> String.valueOf(v.high())).orElse(""));
    }

    /** RFC 4180 quoting, only when needed. */
    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
