package io.recall.report;

import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.measure.internal.ResultWriter;
import io.recall.report.ReportData.BudgetLine;
import io.recall.report.ReportData.ChannelFunnel;
import io.recall.report.ReportData.JourneyLine;
import io.recall.report.ReportData.Movement;
import io.recall.report.ReportData.OfferCount;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.report.ReportData.SegmentOffer;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes a {@link ReportData} as one long-format CSV: {@code section,key,metric,value}, one row per number,
 * amounts as exact decimal strings. Campaign rows carry the columns of {@link CampaignResult#toCsv()} as
 * metrics, with the key {@code campaign/dimension/key}.
 */
public final class CsvReport {

    /** The header row's columns. */
    public static final List<String> COLUMNS = List.of("section", "key", "metric", "value");

    private CsvReport() {
    }

    /** Writes the CSV to {@code out} (not closed). */
    public static void write(ReportData d, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        String cur = d.currency().getCurrencyCode();
        row(out, "report", "", "as_of", d.asOf().toString());
        if (d.previousAsOf().isPresent()) {
            row(out, "report", "", "previous_as_of", d.previousAsOf().get().toString());
        }
        row(out, "report", "", "currency", cur);
        for (SegmentCount s : d.segments()) {
            row(out, "segment", s.segment().id(), "customers", Long.toString(s.customers()));
        }
        for (Movement m : d.movements()) {
            row(out, "movement", m.from() + ">" + m.to(), "customers", Long.toString(m.customers()));
        }
        for (RfCell c : d.heatMap()) {
            row(out, "heat_map", "r" + c.r() + "f" + c.f(), "customers", Long.toString(c.customers()));
        }
        for (OfferCount o : d.offers()) {
            row(out, "offer", o.kind(), "decisions", Long.toString(o.decisions()));
            row(out, "offer", o.kind(), "value", o.value().amount().toPlainString());
        }
        for (BudgetLine l : d.budgets()) {
            row(out, "budget", l.budget(), "used", l.used().amount().toPlainString());
            if (l.left().isPresent()) {
                row(out, "budget", l.budget(), "left", l.left().get().amount().toPlainString());
            }
        }
        for (SegmentOffer o : d.segmentOffers()) {
            String key = o.segment() + "/" + o.offer();
            row(out, "segment_offer", key, "made", Long.toString(o.made()));
            row(out, "segment_offer", key, "redeemed", Long.toString(o.redeemed()));
            row(out, "segment_offer", key, "value", o.value().amount().toPlainString());
            row(out, "segment_offer", key, "redeemed_value", o.redeemedValue().amount().toPlainString());
        }
        for (ChannelFunnel f : d.funnels()) {
            String[] names = {"sent", "delivered", "opened", "clicked", "converted"};
            long[] v = f.stages();
            for (int i = 0; i < names.length; i++) {
                row(out, "funnel", f.channel(), names[i], Long.toString(v[i]));
            }
        }
        for (JourneyLine j : d.journeys()) {
            long[] v = {j.entered(), j.moves(), j.enqueued(), j.sent(), j.skipped(), j.finished(), j.exited(),
                    j.active()};
            String[] names = {"entered", "moves", "enqueued", "sent", "skipped", "finished", "exited", "active"};
            for (int i = 0; i < names.length; i++) {
                row(out, "journey", j.journey(), names[i], Long.toString(v[i]));
            }
        }
        for (CampaignResult c : d.campaigns()) {
            List<String> lines = ResultWriter.csv(c).lines().toList();
            List<CellResult> cells = c.cells();
            for (int i = 0; i < cells.size(); i++) {
                List<String> fields = parse(lines.get(i + 1));
                String key = c.campaignId() + "/" + cells.get(i).dimension() + "/" + cells.get(i).key();
                for (int k = 2; k < ResultWriter.COLUMNS.size(); k++) {
                    if (!fields.get(k).isEmpty()) {
                        row(out, "campaign", key, ResultWriter.COLUMNS.get(k), fields.get(k));
                    }
                }
            }
        }
        out.flush();
    }

    /** The CSV as a string. */
    public static String toCsv(ReportData d) {
        StringWriter w = new StringWriter();
        try {
            write(d, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void row(Writer out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields[i]));
        }
        out.write('\n');
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Splits one RFC 4180 line (no embedded line breaks: keys never hold one). */
    private static List<String> parse(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
