package io.recall.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.measure.CampaignResult;
import io.recall.measure.internal.ResultWriter;
import io.recall.model.Money;
import io.recall.report.ReportData.BudgetLine;
import io.recall.report.ReportData.ChannelFunnel;
import io.recall.report.ReportData.JourneyLine;
import io.recall.report.ReportData.Movement;
import io.recall.report.ReportData.OfferCount;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.report.ReportData.SegmentOffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes a {@link ReportData} as one JSON document ({@code "type": "recall-report"}): counts as integers,
 * amounts as exact decimal strings with their currency, campaigns exactly as
 * {@link CampaignResult#toJson()} writes them.
 */
public final class JsonReport {

    private JsonReport() {
    }

    /** Writes the document to {@code out} (not closed). */
    public static void write(ReportData d, Writer out) throws IOException {
        out.write(toJson(d));
        out.flush();
    }

    /** The document as a string. */
    public static String toJson(ReportData d) {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", "recall-report");
        root.put("version", 1);
        root.put("title", d.title());
        root.put("asOf", d.asOf().toString());
        d.previousAsOf().ifPresent(p -> root.put("previousAsOf", p.toString()));
        root.put("currency", d.currency().getCurrencyCode());
        ArrayNode segs = root.putArray("segments");
        for (SegmentCount s : d.segments()) {
            ObjectNode n = segs.addObject();
            n.put("id", s.segment().id());
            ObjectNode labels = n.putObject("labels");
            s.segment().labels().forEach(labels::put);
            n.put("customers", s.customers());
        }
        ArrayNode moves = root.putArray("movements");
        for (Movement m : d.movements()) {
            moves.addObject().put("from", m.from()).put("to", m.to()).put("customers", m.customers());
        }
        ObjectNode heat = root.putObject("heatMap");
        heat.put("levels", d.levels());
        ArrayNode cells = heat.putArray("cells");
        for (RfCell c : d.heatMap()) {
            cells.addObject().put("r", c.r()).put("f", c.f()).put("customers", c.customers());
        }
        ArrayNode offers = root.putArray("offers");
        for (OfferCount o : d.offers()) {
            ObjectNode n = offers.addObject().put("kind", o.kind()).put("decisions", o.decisions());
            n.set("value", money(o.value()));
        }
        ArrayNode budgets = root.putArray("budgets");
        for (BudgetLine l : d.budgets()) {
            ObjectNode n = budgets.addObject().put("budget", l.budget());
            n.set("used", money(l.used()));
            l.left().ifPresent(m -> n.set("left", money(m)));
        }
        ArrayNode perSegment = root.putArray("segmentOffers");
        for (SegmentOffer o : d.segmentOffers()) {
            ObjectNode n = perSegment.addObject().put("segment", o.segment()).put("offer", o.offer())
                    .put("description", o.description()).put("made", o.made()).put("redeemed", o.redeemed());
            n.set("value", money(o.value()));
            n.set("redeemedValue", money(o.redeemedValue()));
        }
        ArrayNode funnels = root.putArray("funnels");
        for (ChannelFunnel f : d.funnels()) {
            funnels.addObject().put("channel", f.channel()).put("sent", f.sent()).put("delivered", f.delivered())
                    .put("opened", f.opened()).put("clicked", f.clicked()).put("converted", f.converted());
        }
        ArrayNode journeys = root.putArray("journeys");
        for (JourneyLine j : d.journeys()) {
            journeys.addObject().put("journey", j.journey()).put("entered", j.entered()).put("moves", j.moves())
                    .put("enqueued", j.enqueued()).put("sent", j.sent()).put("skipped", j.skipped())
                    .put("finished", j.finished()).put("exited", j.exited()).put("active", j.active());
        }
        ArrayNode campaigns = root.putArray("campaigns");
        try {
            for (CampaignResult c : d.campaigns()) {
                campaigns.add(JsonInput.MAPPER.readTree(ResultWriter.json(c)));
            }
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode money(Money m) {
        ObjectNode n = JsonInput.MAPPER.createObjectNode();
        n.put("amount", m.amount().toPlainString());
        n.put("currency", m.currency().getCurrencyCode());
        return n;
    }
}
