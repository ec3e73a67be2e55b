package io.recall.spark.internal;

import org.apache.spark.sql.api.java.UDF1;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The shop-zone local day (epoch day) of an epoch second, computed exactly as the core's accumulators
 * do it (offset at the instant, then floor division), so a day boundary never differs from the core.
 */
public final class LocalDay implements UDF1<Long, Integer> {

    private static final long serialVersionUID = 1L;
    private final String zoneId;
    private transient ZoneRules rules;

    public LocalDay(ZoneId zone) {
        this.zoneId = zone.getId();
    }

    @Override
    public Integer call(Long epochSecond) {
        if (epochSecond == null) {
            return null;
        }
        ZoneRules r = rules;
        if (r == null) {
            r = ZoneId.of(zoneId).getRules();
            rules = r;
        }
        int offset = r.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return Math.toIntExact(Math.floorDiv(epochSecond + offset, 86_400L));
    }
}
