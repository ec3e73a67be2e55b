package io.recall.campaign;

import io.recall.channels.Channel;
import io.recall.delivery.SendWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CampaignProperties {

    @Property(tries = 200)
    void everyValidCampaignRoundTripsExactlyThroughJson(@ForAll("campaigns") Campaign c) {
        Campaign back = Campaign.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.toJson(), back.toJson());
        assertEquals(c.holdoutShare().scale(), back.holdoutShare().scale());
    }

    @Provide
    Arbitrary<Campaign> campaigns() {
        Arbitrary<String> id = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(0).ofMaxLength(20).map(s -> "c" + s);
        Arbitrary<CampaignKind> kind = Arbitraries.of(CampaignKind.class);
        Arbitrary<List<String>> segments = Arbitraries.of("important-value", "general", "other", "lost")
                .list().uniqueElements().ofMinSize(1).ofMaxSize(4);
        Arbitrary<BigDecimal> share = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.5")).ofScale(3)
                .map(b -> b.setScale(b.scale() + (b.hashCode() & 1)));
        Arbitrary<List<MetricFilter>> filters = Combinators.combine(Arbitraries.of(MetricFilter.Metric.class),
                Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("1000")).ofScale(2),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1E+3")).ofScale(0),
                Arbitraries.integers().between(0, 2))
                .as((m, a, w, shape) -> shape == 0 ? MetricFilter.atLeast(m, a) : shape == 1 ? MetricFilter.atMost(m, a)
                        : MetricFilter.between(m, a, a.add(w)))
                .list().ofMaxSize(3);
        Arbitrary<List<Channel>> plan = Arbitraries.of(Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.CALLBACK_LIST,
                Channel.of("wechat")).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Schedule> schedule = Combinators.combine(Arbitraries.longs().between(0, 4_000_000_000L),
                Arbitraries.longs().between(1, 10_000_000L), Arbitraries.integers().between(0, 1439),
                Arbitraries.integers().between(1, 1439))
                .as((s, len, a, w) -> new Schedule(Instant.ofEpochSecond(s), Instant.ofEpochSecond(s + len),
                        SendWindow.of(LocalTime.ofSecondOfDay(a * 60L), LocalTime.ofSecondOfDay(((a + w) % 1440) * 60L))));
        return Combinators.combine(id, kind, segments, share, filters, plan.list().ofSize(4), schedule,
                        Arbitraries.of("rules-a", "spring offers"))
                .as((i, k, segs, sh, fs, plans, sched, rules) -> {
                    Campaign.Builder b = Campaign.newBuilder(i, k).audience("seed4", segs.toArray(String[]::new))
                            .holdout(sh).schedule(sched);
                    fs.forEach(b::filter);
                    for (int n = 0; n < segs.size(); n++) {
                        b.plan(segs.get(n), plans.get(n).toArray(Channel[]::new));
                        plans.get(n).forEach(ch -> b.template(ch, "tpl-" + ch.id()));
                    }
                    if (k != CampaignKind.CONTENT) {
                        Optional.of(rules).ifPresent(b::incentives);
                    }
                    return b.build();
                });
    }
}
