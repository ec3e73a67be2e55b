package io.recall.measure;

import io.recall.model.Money;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Complete Journey's direct-marketing campaigns run through the measurement as a real-world check.
 *
 * <p>What can be concluded: the pipeline takes a real campaign table and real purchases end to end and
 * reports rates, differences and intervals in the same shape as for a holdout campaign. What cannot: the
 * retailer chose who received each campaign (no randomised holdout), so the comparison group is the other
 * campaign households and the difference is association, not effect; the transactions are a 5% sample of
 * receipt lines, so rates and revenue are thinned about twentyfold; coupon face values are not in the data,
 * so incentive cost and ROI are unknown. The results (with those caveats as notes) are written to
 * {@code target/complete-journey/}.
 */
class CompleteJourneyCheckTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static Map<String, Set<String>> recipients = new HashMap<>();
    static Map<String, LocalDate[]> dates = new HashMap<>();
    static Map<String, String> types = new HashMap<>();
    static Map<String, Integer> redemptions = new HashMap<>();
    static List<Purchase> purchases = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        String dir = "dunnhumby_complete_journey/";
        for (String[] r : rows(SharedData.file(dir + "campaigns.csv"))) {
            recipients.computeIfAbsent(r[0], k -> new HashSet<>()).add(r[1]);
        }
        for (String[] r : rows(SharedData.file(dir + "campaign_descriptions.csv"))) {
            types.put(r[0], r[1]);
            dates.put(r[0], new LocalDate[]{LocalDate.parse(r[2]), LocalDate.parse(r[3])});
        }
        for (String[] r : rows(SharedData.file(dir + "coupon_redemptions.csv"))) {
            redemptions.merge(r[2], 1, Integer::sum);
        }
        for (String[] r : rows(SharedData.file(dir + "transactions_sample.csv.gz"))) {
            purchases.add(new Purchase(r[0], LocalDateTime.parse(r[10], TIMESTAMP).atZone(NEW_YORK).toInstant(),
                    Money.of(r[5], "USD")));
        }
    }

    /** Header skipped; the files quote every field and hold no embedded commas (checked by the count). */
    static List<String[]> rows(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        var in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            int columns = header.split(",", -1).length;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",", -1);
                assertEquals(columns, f.length, line);
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i].replace("\"", "");
                }
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Treated: the campaign's households, from its start for its duration; comparison: every other household
     * of the campaign table, from the same start. No randomisation, hence an observational measurement.
     */
    static CampaignResult measure(String campaignId) {
        Set<String> all = new TreeSet<>();
        recipients.values().forEach(all::addAll);
        Set<String> treated = recipients.get(campaignId);
        LocalDate[] d = dates.get(campaignId);
        var from = d[0].atStartOfDay(NEW_YORK).toInstant();
        Duration window = Duration.between(from, d[1].plusDays(1).atStartOfDay(NEW_YORK).toInstant());
        List<Exposure> exposures = new ArrayList<>();
        for (String h : all) {
            exposures.add(new Exposure(h, "campaign-households", "direct-mail",
                    treated.contains(h) ? Exposure.Arm.TREATED : Exposure.Arm.HOLDOUT, from));
        }
        CampaignResult r = Measurement.of(window, Money.currency("USD")).observational()
                .measure("complete-journey-" + campaignId, exposures, purchases, List.of());
        List<String> notes = new ArrayList<>(r.notes());
        notes.add("Comparison group: the " + (all.size() - treated.size()) + " other households of the campaign table,"
                + " not a holdout; " + types.get(campaignId) + " campaigns were targeted by the retailer.");
        notes.add("Purchases are a 5% sample of receipt lines: conversion rates and revenue are thinned about 20x.");
        notes.add(redemptions.getOrDefault(campaignId, 0) + " coupons of this campaign were redeemed, but their"
                + " face values are not in the data: incentive cost and ROI are unknown, not zero.");
        return new CampaignResult(r.campaignId(), r.window(), r.confidence(), r.randomisedHoldout(), r.overall(),
                r.bySegment(), r.byChannel(), notes);
    }

    @Test
    void typeACampaignsRunThroughTheMeasurementAndSayWhatCannotBeConcluded() throws IOException {
        assertEquals(75_000, purchases.size());
        Path out = Path.of("target/complete-journey");
        Files.createDirectories(out);
        StringBuilder summary = new StringBuilder();
        for (String id : List.of("8", "13", "18", "27")) {
            CampaignResult r = measure(id);
            assertFalse(r.randomisedHoldout());
            assertTrue(r.notes().get(0).contains("not randomly held out"));
            assertEquals(recipients.get(id).size(), r.overall().treated().customers());
            assertEquals(1559, r.overall().treated().customers() + r.overall().holdout().customers());
            Interval u = r.overall().uplift().orElseThrow();
            summary.append(String.format("campaign %s (%s): treated %d, rate %.3f vs %.3f, difference %.3f [%.3f, %.3f]%n",
                    id, types.get(id), r.overall().treated().customers(), r.overall().treated().rate().orElseThrow().estimate(),
                    r.overall().holdout().rate().orElseThrow().estimate(), u.estimate(), u.low(), u.high()));
            Files.writeString(out.resolve("campaign-" + id + ".json"), r.toJson());
            Files.writeString(out.resolve("campaign-" + id + ".csv"), r.toCsv());
        }
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }
}
