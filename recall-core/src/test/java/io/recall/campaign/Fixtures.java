package io.recall.campaign;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.delivery.SendWindow;
import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.segment.Classification;
import io.recall.segment.Segment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** Campaigns, classified customers and contacts for tests. */
public final class Fixtures {

    public static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    public static final Instant END = Instant.parse("2026-03-16T00:00:00Z");
    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Fixtures() {
    }

    /** A win-back campaign on seed4: important-value by call-back then e-mail, general by SMS. */
    public static Campaign.Builder winBack(String id) {
        return Campaign.newBuilder(id, CampaignKind.WIN_BACK)
                .audience("seed4", "important-value", "general")
                .filter(MetricFilter.atLeast(MetricFilter.Metric.RECENCY_DAYS, new BigDecimal("60")))
                .holdout(new BigDecimal("0.2"))
                .plan("important-value", Channel.CALLBACK_LIST, Channel.EMAIL)
                .plan("general", Channel.SMS)
                .template(Channel.CALLBACK_LIST, "winback-call")
                .template(Channel.EMAIL, "winback-email")
                .template(Channel.SMS, "winback-sms")
                .schedule(new Schedule(START, END, SendWindow.of(LocalTime.of(10, 0), LocalTime.of(20, 0))));
    }

    /** A classified customer; the scores are all 3. */
    public static Classification classified(String id, String segment, int recencyDays) {
        return new Classification(new RfmMetrics(id, recencyDays, 3, Money.of("150.00", "GBP"), 400),
                new RfmScore(3, 3, 3), Segment.of(segment, segment));
    }

    /** A contact with an e-mail and a phone (hence SMS and call-back) in a zone. */
    public static Contact reachable(String id, ZoneId zone) {
        Address.Phone phone = new Address.Phone("+4477009" + String.format("%05d", Math.abs(id.hashCode()) % 100000));
        return new Contact(id, zone, Locale.UK, List.of(new Address.Email(id + "@example.com"), phone,
                new Address.CallbackEntry(phone, zone)));
    }
}
