package io.recall.ingest;

import io.recall.model.CouponRedemption;
import io.recall.model.MarketingCampaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a shop's past direct-marketing campaigns and coupon redemptions, for measuring what campaigns did.
 * Every row of every table ends accepted, merged as an exact repeat, or rejected with a reason and its line;
 * each table has its own {@link ImportReport}.
 */
public final class CampaignImport {

    /**
     * The campaigns and redemptions read.
     *
     * @param campaigns   the campaigns, sorted by id (numerically when ids are numbers)
     * @param redemptions the redemptions, in file order
     * @param reports     per table file name, the accounting of its rows
     */
    public record Result(List<MarketingCampaign> campaigns, List<CouponRedemption> redemptions,
                         Map<String, ImportReport> reports) {

        /** Copies. */
        public Result {
            campaigns = List.copyOf(campaigns);
            redemptions = List.copyOf(redemptions);
            reports = Collections.unmodifiableMap(new LinkedHashMap<>(reports));
        }

        /** The campaign with an id. */
        public Optional<MarketingCampaign> campaign(String id) {
            return campaigns.stream().filter(c -> c.id().equals(id)).findFirst();
        }
    }

    private CampaignImport() {
    }

    /**
     * Reads the Complete Journey campaign tables as the {@code completejourney} R package distributes them (see
     * {@code ../shared/data/dunnhumby_complete_journey/SOURCE.md}): {@code campaign_descriptions.csv} (campaign_id,
     * campaign_type, start_date, end_date), {@code campaigns.csv} (campaign_id, household_id: who was targeted),
     * {@code coupons.csv.gz} (coupon_upc, product_id, campaign_id; optional) and {@code coupon_redemptions.csv}
     * (household_id, coupon_upc, campaign_id, redemption_date). Households become customers
     * {@code customerSource:household_id}, as the built-in Complete Journey mapping keys them
     * ({@code households}). A row naming a campaign the descriptions do not have is rejected.
     *
     * @throws ImportException when a table cannot be read on (missing column, broken encoding), naming the line
     */
    public static Result completeJourney(Path folder, String customerSource) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(customerSource, "customerSource");
        Map<String, ImportReport> reports = new LinkedHashMap<>();
        Map<String, Campaign> campaigns = new TreeMap<>(CampaignImport::compareIds);

        Rows descriptions = rows();
        table(folder.resolve("campaign_descriptions.csv"), List.of("campaign_id", "campaign_type", "start_date", "end_date"),
                descriptions, (line, row) -> {
                    String id = row.get("campaign_id");
                    String type = row.get("campaign_type");
                    if (id.isEmpty() || type.isEmpty()) {
                        descriptions.reject(line, RejectReason.INVALID_VALUE, "campaign_id or campaign_type is empty");
                        return;
                    }
                    Optional<LocalDate> start = day(row.get("start_date"));
                    Optional<LocalDate> end = day(row.get("end_date"));
                    if (start.isEmpty() || end.isEmpty()) {
                        descriptions.reject(line, RejectReason.UNPARSABLE_DATE, "start_date " + OrderImporter.quote(
                                row.get("start_date")) + ", end_date " + OrderImporter.quote(row.get("end_date"))
                                + ", expected YYYY-MM-DD");
                        return;
                    }
                    if (end.get().isBefore(start.get())) {
                        descriptions.reject(line, RejectReason.INVALID_VALUE, "campaign " + id + " ends " + end.get()
                                + " before it starts " + start.get());
                        return;
                    }
                    Campaign known = campaigns.get(id);
                    if (known != null) {
                        if (known.type.equals(type) && known.start.equals(start.get()) && known.end.equals(end.get())) {
                            descriptions.campaignRow(true);
                        } else {
                            descriptions.reject(line, RejectReason.INVALID_VALUE, "campaign " + id
                                    + " described again, differently, after line " + known.line);
                        }
                        return;
                    }
                    campaigns.put(id, new Campaign(line, type, start.get(), end.get()));
                    descriptions.campaignRow(false);
                });
        reports.put("campaign_descriptions.csv", descriptions.report());

        Rows targeting = rows();
        table(folder.resolve("campaigns.csv"), List.of("campaign_id", "household_id"), targeting, (line, row) -> {
            String household = row.get("household_id");
            if (household.isEmpty()) {
                targeting.reject(line, RejectReason.MISSING_CUSTOMER_ID, "household_id is empty");
                return;
            }
            Campaign campaign = campaign(campaigns, row.get("campaign_id"), line, targeting);
            if (campaign != null) {
                targeting.campaignRow(!campaign.customers.add(customerSource + ":" + household));
            }
        });
        reports.put("campaigns.csv", targeting.report());

        Path couponFile = folder.resolve("coupons.csv.gz");
        if (Files.isRegularFile(couponFile)) {
            Rows coupons = rows();
            Set<String> seen = new HashSet<>();
            table(couponFile, List.of("coupon_upc", "product_id", "campaign_id"), coupons, (line, row) -> {
                String coupon = row.get("coupon_upc");
                if (coupon.isEmpty()) {
                    coupons.reject(line, RejectReason.INVALID_VALUE, "coupon_upc is empty");
                    return;
                }
                Campaign campaign = campaign(campaigns, row.get("campaign_id"), line, coupons);
                if (campaign != null) {
                    // The file lists each coupon once per product it applies to; a repeated line adds nothing.
                    boolean repeat = !seen.add(coupon + ',' + row.get("product_id") + ',' + row.get("campaign_id"));
                    campaign.coupons.add(coupon);
                    coupons.campaignRow(repeat);
                }
            });
            reports.put("coupons.csv.gz", coupons.report());
        }

        Rows redeemed = rows();
        List<CouponRedemption> redemptions = new ArrayList<>();
        Set<CouponRedemption> seenRedemptions = new HashSet<>();
        table(folder.resolve("coupon_redemptions.csv"), List.of("household_id", "coupon_upc", "campaign_id",
                "redemption_date"), redeemed, (line, row) -> {
            String household = row.get("household_id");
            if (household.isEmpty()) {
                redeemed.reject(line, RejectReason.MISSING_CUSTOMER_ID, "household_id is empty");
                return;
            }
            if (row.get("coupon_upc").isEmpty()) {
                redeemed.reject(line, RejectReason.INVALID_VALUE, "coupon_upc is empty");
                return;
            }
            Optional<LocalDate> day = day(row.get("redemption_date"));
            if (day.isEmpty()) {
                redeemed.reject(line, RejectReason.UNPARSABLE_DATE, "redemption_date "
                        + OrderImporter.quote(row.get("redemption_date")) + ", expected YYYY-MM-DD");
                return;
            }
            if (campaign(campaigns, row.get("campaign_id"), line, redeemed) == null) {
                return;
            }
            CouponRedemption redemption = new CouponRedemption(customerSource + ":" + household, row.get("coupon_upc"),
                    row.get("campaign_id"), day.get());
            // The same coupon redeemed twice on one day by one household cannot be told from a repeated line:
            // merged, like an exact duplicate order line.
            if (!seenRedemptions.add(redemption)) {
                redeemed.campaignRow(true);
                return;
            }
            redemptions.add(redemption);
            redeemed.campaignRow(false);
        });
        reports.put("coupon_redemptions.csv", redeemed.report());

        List<MarketingCampaign> result = new ArrayList<>();
        campaigns.forEach((id, c) -> result.add(new MarketingCampaign(id, c.type, c.start, c.end, c.customers, c.coupons)));
        return new Result(result, redemptions, reports);
    }

    /** A campaign being read. */
    private static final class Campaign {
        final long line;
        final String type;
        final LocalDate start;
        final LocalDate end;
        final Set<String> customers = new TreeSet<>();
        final Set<String> coupons = new TreeSet<>();

        Campaign(long line, String type, LocalDate start, LocalDate end) {
            this.line = line;
            this.type = type;
            this.start = start;
            this.end = end;
        }
    }

    private static Campaign campaign(Map<String, Campaign> campaigns, String id, long line, Rows rows) {
        Campaign campaign = campaigns.get(id);
        if (campaign == null) {
            rows.reject(line, RejectReason.INVALID_VALUE, "campaign_id " + OrderImporter.quote(id)
                    + " is not in campaign_descriptions.csv");
        }
        return campaign;
    }

    private static int compareIds(String a, String b) {
        boolean numbers = a.matches("\\d{1,18}") && b.matches("\\d{1,18}");
        return numbers ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : a.compareTo(b);
    }

    private static Optional<LocalDate> day(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Rows rows() {
        return new Rows(InputFormat.MAPPED, 5, event -> { });
    }

    /** One row: a value by column name, stripped, empty when blank. */
    private interface Row {
        String get(String column);
    }

    private interface Handler {
        void handle(long line, Row row);
    }

    private static void table(Path file, List<String> required, Rows rows, Handler handler) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            Reader reader = Utf8Lines.reader(in);
            try (CsvRecords csv = new CsvRecords(reader)) {
                if (!csv.next()) {
                    throw new ImportException(1, name + ": empty file, expected a header with " + required, null);
                }
                Map<String, Integer> header = new HashMap<>();
                for (int i = 0; i < csv.size(); i++) {
                    header.put(OrderImporter.stripBom(csv.get(i)).strip(), i);
                }
                List<String> missing = required.stream().filter(c -> !header.containsKey(c)).toList();
                if (!missing.isEmpty()) {
                    throw new ImportException(csv.line(), name + ": expected the columns " + required + ", missing "
                            + missing + " in " + header.keySet(), null);
                }
                int width = csv.size();
                while (csv.next()) {
                    rows.read();
                    if (csv.size() != width) {
                        rows.reject(csv.line(), RejectReason.MALFORMED_ROW, "expected " + width + " columns, found "
                                + csv.size());
                        continue;
                    }
                    handler.handle(csv.line(), column -> csv.get(header.get(column)).strip());
                }
            } catch (Utf8Lines.MalformedUtf8 e) {
                throw new ImportException(e.line, name + ": " + e.getMessage(), e);
            } catch (ImportException e) {
                if (e.getCause() instanceof Utf8Lines.MalformedUtf8 m) {
                    throw new ImportException(m.line, name + ": " + m.getMessage(), m);
                }
                throw e;
            }
        }
    }
}
