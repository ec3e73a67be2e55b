package io.recall.ingest;

import io.recall.model.CouponRedemption;
import io.recall.model.MarketingCampaign;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Complete Journey campaigns, targeting, coupons and redemptions; counts from SOURCE.md and the files. */
class CampaignImportTest {

    @TempDir
    Path dir;

    private static void reconciles(ImportReport r) {
        assertEquals(r.rowsRead(), r.rowsAccepted() + r.rowsMerged() + r.rowsRejected(), r.toString());
        assertEquals(r.rowsAccepted() + r.rowsMerged(), r.campaignRows());
    }

    @Test
    void theRealTablesReconcileRowByRow() throws IOException {
        Path folder = SharedData.file("dunnhumby_complete_journey/campaigns.csv").getParent();
        CampaignImport.Result result = CampaignImport.completeJourney(folder, "households");
        result.reports().values().forEach(CampaignImportTest::reconciles);

        ImportReport descriptions = result.reports().get("campaign_descriptions.csv");
        assertEquals(27, descriptions.rowsRead());
        assertEquals(27, descriptions.rowsAccepted());
        assertEquals(27, result.campaigns().size());
        assertEquals(4, result.campaigns().stream().filter(c -> c.type().equals("Type A")).count());
        assertEquals(17, result.campaigns().stream().filter(c -> c.type().equals("Type B")).count());
        assertEquals(6, result.campaigns().stream().filter(c -> c.type().equals("Type C")).count());
        MarketingCampaign first = result.campaigns().get(0);
        assertEquals("1", first.id(), "sorted by number, not as text");
        assertEquals(LocalDate.of(2017, 3, 3), first.start());
        assertEquals(LocalDate.of(2017, 4, 9), first.end());
        assertTrue(first.targets("households:105"));

        ImportReport targeting = result.reports().get("campaigns.csv");
        assertEquals(6_589, targeting.rowsRead());
        assertEquals(6_589, targeting.rowsAccepted());
        assertEquals(6_589, result.campaigns().stream().mapToLong(c -> c.customers().size()).sum());
        Set<String> targeted = new HashSet<>();
        result.campaigns().forEach(c -> targeted.addAll(c.customers()));
        assertEquals(1_559, targeted.size());

        // 116,204 lines, of which 111,332 distinct: 4,872 exact repeats (counted with sort -u).
        ImportReport coupons = result.reports().get("coupons.csv.gz");
        assertEquals(116_204, coupons.rowsRead());
        assertEquals(111_332, coupons.rowsAccepted());
        assertEquals(4_872, coupons.rowsMerged());
        Set<String> couponIds = new HashSet<>();
        result.campaigns().forEach(c -> couponIds.addAll(c.coupons()));
        assertEquals(981, couponIds.size());
        assertEquals(1_197, result.campaigns().stream().mapToLong(c -> c.coupons().size()).sum(),
                "coupon and campaign pairs: some coupons run in several campaigns");

        ImportReport redemptions = result.reports().get("coupon_redemptions.csv");
        assertEquals(2_102, redemptions.rowsRead());
        assertEquals(2_102, redemptions.rowsAccepted());
        assertEquals(410, result.redemptions().stream().map(CouponRedemption::customerId).distinct().count());
        assertEquals(653, result.redemptions().stream().filter(r -> r.campaignId().equals("18")).count());
        // Every redemption is of a coupon its campaign offered; the household need not have been targeted.
        assertTrue(result.redemptions().stream().allMatch(r ->
                result.campaign(r.campaignId()).orElseThrow().coupons().contains(r.couponId())));
    }

    @Test
    void rowsOfUnknownCampaignsBadDatesAndRepeatsAreAccountedFor() throws IOException {
        Files.writeString(dir.resolve("campaign_descriptions.csv"), """
                "campaign_id","campaign_type","start_date","end_date"
                "1","Type A","2017-03-03","2017-04-09"
                "1","Type A","2017-03-03","2017-04-09"
                "2","Type B","2017-05-01","2017-04-01"
                "3","Type B","2017-02-30","2017-04-01"
                "1","Type C","2017-03-03","2017-04-09"
                """);
        Files.writeString(dir.resolve("campaigns.csv"), """
                "campaign_id","household_id"
                "1","7"
                "1","7"
                "9","7"
                "1",""
                "1"
                """);
        Files.writeString(dir.resolve("coupon_redemptions.csv"), """
                "household_id","coupon_upc","campaign_id","redemption_date"
                "7","555","1","2017-03-05"
                "7","555","1","2017-03-05"
                "7","555","2","2017-03-05"
                "7","555","1","5 March"
                """);
        CampaignImport.Result result = CampaignImport.completeJourney(dir, "households");
        result.reports().values().forEach(CampaignImportTest::reconciles);
        ImportReport d = result.reports().get("campaign_descriptions.csv");
        assertEquals(1, d.rowsAccepted());
        assertEquals(1, d.rowsMerged());
        assertEquals(2, d.rejected(RejectReason.INVALID_VALUE), "ends before it starts; described differently");
        assertEquals(1, d.rejected(RejectReason.UNPARSABLE_DATE));
        ImportReport t = result.reports().get("campaigns.csv");
        assertEquals(1, t.rowsAccepted());
        assertEquals(1, t.rowsMerged());
        assertEquals(1, t.rejected(RejectReason.INVALID_VALUE));
        assertEquals(4, t.samples().stream().filter(s -> s.reason() == RejectReason.INVALID_VALUE).findFirst()
                .orElseThrow().line());
        assertEquals(1, t.rejected(RejectReason.MISSING_CUSTOMER_ID));
        assertEquals(1, t.rejected(RejectReason.MALFORMED_ROW));
        assertTrue(!result.reports().containsKey("coupons.csv.gz"), "coupons are optional");
        ImportReport r = result.reports().get("coupon_redemptions.csv");
        assertEquals(1, r.rowsAccepted());
        assertEquals(1, r.rowsMerged());
        assertEquals(1, r.rejected(RejectReason.INVALID_VALUE));
        assertEquals(1, r.rejected(RejectReason.UNPARSABLE_DATE));
    }

    @Test
    void aMissingColumnNamesTheTableAndWhatIsMissing() throws IOException {
        Files.writeString(dir.resolve("campaign_descriptions.csv"), "campaign_id,type,start_date,end_date\n");
        ImportException e = assertThrows(ImportException.class, () -> CampaignImport.completeJourney(dir, "households"));
        assertTrue(e.getMessage().startsWith("line 1: campaign_descriptions.csv: ") && e.getMessage().contains("[campaign_type]"),
                e.getMessage());
    }
}
