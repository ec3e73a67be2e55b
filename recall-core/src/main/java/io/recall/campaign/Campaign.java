package io.recall.campaign;

import io.recall.campaign.internal.CampaignJson;
import io.recall.channels.Channel;
import io.recall.config.ConfigException;
import io.recall.segment.SegmentScheme;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A campaign as data: who it is for, who is held out, what they are offered, how and when they are reached.
 *
 * <p>Load one with {@link #fromJson(String, SegmentScheme)} or build one with {@link #newBuilder(String,
 * CampaignKind)}; either way every problem is reported at once, each with its JSON path
 * ({@code $.channels.general[1]}), as a {@link ConfigException}. Immutable and thread-safe;
 * {@link #toJson()} and {@link #fromJson(String)} round-trip exactly.
 *
 * @param id           a token of 1..64 characters {@code [A-Za-z0-9_.-]}, starting with a letter or digit; part
 *                     of every message id and of the holdout hash, so renaming a campaign reshuffles its holdout
 * @param kind         win-back, content (never an incentive) or event
 * @param scheme       the name of the segment scheme the segment ids belong to
 * @param segments     the audience's segment ids, distinct, at least one
 * @param filters      further conditions every audience member must meet (all of them)
 * @param holdoutShare the share of each segment's eligible customers held out, 0..0.5
 * @param incentives   the name of the incentive rule set, when the campaign makes offers
 * @param channelPlans per audience segment, the channels to try in order (the first that reaches the customer)
 * @param templates    the template id per channel used in a plan
 * @param schedule     start, end and the local send window
 */
public record Campaign(String id, CampaignKind kind, String scheme, List<String> segments, List<MetricFilter> filters,
                       BigDecimal holdoutShare, Optional<String> incentives, Map<String, List<Channel>> channelPlans,
                       Map<Channel, String> templates, Schedule schedule) {

    /** Validates everything, reporting every problem with the JSON path it would have, and copies. */
    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scheme, "scheme");
        segments = List.copyOf(segments);
        filters = List.copyOf(filters);
        Objects.requireNonNull(holdoutShare, "holdoutShare");
        Objects.requireNonNull(incentives, "incentives");
        Map<String, List<Channel>> plans = new LinkedHashMap<>();
        channelPlans.forEach((k, v) -> plans.put(Objects.requireNonNull(k, "segment"), List.copyOf(v)));
        channelPlans = Collections.unmodifiableMap(plans);
        templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        Objects.requireNonNull(schedule, "schedule");
        List<io.recall.config.ConfigProblem> problems = CampaignJson.check(id, kind, segments, holdoutShare,
                incentives, channelPlans, templates);
        if (!problems.isEmpty()) {
            throw new ConfigException("campaign", problems);
        }
    }

    /** A builder for a campaign with this id and kind. */
    public static Builder newBuilder(String id, CampaignKind kind) {
        return new Builder(id, kind);
    }

    /** Loads a campaign, checking its structure and values (not its segment ids: see the other overload). */
    public static Campaign fromJson(String json) {
        return CampaignJson.read(json, Optional.empty());
    }

    /** Loads a campaign and also checks that it names {@code scheme} and only segments that scheme has. */
    public static Campaign fromJson(String json, SegmentScheme scheme) {
        return CampaignJson.read(json, Optional.of(scheme));
    }

    /** The campaign as JSON, read back unchanged by {@link #fromJson(String)}. */
    public String toJson() {
        return CampaignJson.write(this);
    }

    /** The channels tried for a segment, in order; empty for a segment outside the audience. */
    public List<Channel> planFor(String segmentId) {
        return channelPlans.getOrDefault(segmentId, List.of());
    }

    /** Collects a campaign's parts; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final CampaignKind kind;
        private String scheme;
        private final List<String> segments = new ArrayList<>();
        private final List<MetricFilter> filters = new ArrayList<>();
        private BigDecimal holdoutShare = BigDecimal.ZERO;
        private Optional<String> incentives = Optional.empty();
        private final Map<String, List<Channel>> plans = new LinkedHashMap<>();
        private final Map<Channel, String> templates = new LinkedHashMap<>();
        private Schedule schedule;

        private Builder(String id, CampaignKind kind) {
            this.id = Objects.requireNonNull(id, "id");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** The audience: segments of a scheme by name. */
        public Builder audience(String schemeName, String... segmentIds) {
            this.scheme = Objects.requireNonNull(schemeName, "schemeName");
            segments.addAll(List.of(segmentIds));
            return this;
        }

        /** Adds a filter every audience member must pass. */
        public Builder filter(MetricFilter filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** The share held out of each segment (0 when never called). */
        public Builder holdout(BigDecimal share) {
            this.holdoutShare = Objects.requireNonNull(share, "share");
            return this;
        }

        /** The incentive rule set by name. */
        public Builder incentives(String ruleSetName) {
            this.incentives = Optional.of(ruleSetName);
            return this;
        }

        /** The channels for a segment, preferred first. */
        public Builder plan(String segmentId, Channel... channels) {
            plans.put(Objects.requireNonNull(segmentId, "segmentId"), List.of(channels));
            return this;
        }

        /** The template for a channel. */
        public Builder template(Channel channel, String templateId) {
            templates.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(templateId, "templateId"));
            return this;
        }

        /** The schedule. */
        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * The campaign.
         *
         * @throws ConfigException listing every problem with its JSON path
         * @throws NullPointerException when the audience or schedule was never set
         */
        public Campaign build() {
            Objects.requireNonNull(scheme, "audience was not set");
            Objects.requireNonNull(schedule, "schedule was not set");
            return new Campaign(id, kind, scheme, segments, filters, holdoutShare, incentives, plans, templates,
                    schedule);
        }
    }
}
