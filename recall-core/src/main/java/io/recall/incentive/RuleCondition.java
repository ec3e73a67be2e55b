package io.recall.incentive;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One test a customer must pass for a rule to match. There is no expression language: a condition is a
 * range over a {@link Fact}, membership of a set (segment, tier, consent), or a validity window.
 */
public sealed interface RuleCondition permits RuleCondition.Range, RuleCondition.OneOf, RuleCondition.Window {

    /** The condition's name in the JSON, e.g. {@code r} or {@code segment}. */
    String name();

    /** Empty when the customer passes; otherwise what was found and what was wanted. */
    Optional<ConditionFailure> test(CustomerFacts facts, Instant now, Currency currency);

    /** What the condition wants, as explanations say it: {@code >= 2}, {@code one of [general]}. */
    String expected();

    /** A text attribute that {@link OneOf} tests. */
    enum Attribute {
        /** The segment id. */
        SEGMENT("segment"),
        /** The member tier; a customer without one fails. */
        TIER("tier"),
        /** Consent: the customer agreed to at least one of the listed channels. */
        CONSENT("consent");

        private final String jsonName;

        Attribute(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name in rule-set JSON. */
        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * {@code min <= fact <= max}; either bound may be open. A range over category affinity names its category.
     *
     * @param fact     the number tested
     * @param category the category, only for {@link Fact#CATEGORY_AFFINITY}
     * @param min      the least value allowed, inclusive
     * @param max      the greatest value allowed, inclusive
     */
    record Range(Fact fact, Optional<String> category, Optional<BigDecimal> min, Optional<BigDecimal> max)
            implements RuleCondition {

        /** Validates that a bound exists, that min <= max, and that only affinity has a category. */
        public Range {
            Objects.requireNonNull(fact, "fact");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isEmpty() && max.isEmpty()) {
                throw new IllegalArgumentException(fact.jsonName() + " needs a min or a max");
            }
            if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                throw new IllegalArgumentException(fact.jsonName() + " min " + min.get().toPlainString()
                        + " is above max " + max.get().toPlainString());
            }
            if (category.isPresent() != (fact == Fact.CATEGORY_AFFINITY)) {
                throw new IllegalArgumentException("only categoryAffinity names a category, and it must");
            }
        }

        /** {@code min <= fact}. */
        public static Range atLeast(Fact fact, String min) {
            return new Range(fact, Optional.empty(), Optional.of(new BigDecimal(min)), Optional.empty());
        }

        /** {@code fact <= max}. */
        public static Range atMost(Fact fact, String max) {
            return new Range(fact, Optional.empty(), Optional.empty(), Optional.of(new BigDecimal(max)));
        }

        /** {@code min <= fact <= max}. */
        public static Range between(Fact fact, String min, String max) {
            return new Range(fact, Optional.empty(), Optional.of(new BigDecimal(min)), Optional.of(new BigDecimal(max)));
        }

        /** {@code min <= share of category}. */
        public static Range affinityAtLeast(String category, String min) {
            return new Range(Fact.CATEGORY_AFFINITY, Optional.of(category), Optional.of(new BigDecimal(min)), Optional.empty());
        }

        @Override
        public String name() {
            return category.map(c -> fact.jsonName() + "." + c).orElse(fact.jsonName());
        }

        @Override
        public Optional<ConditionFailure> test(CustomerFacts facts, Instant now, Currency currency) {
            Optional<BigDecimal> value = fact.valueOf(facts, category.orElse(null), currency);
            if (value.isEmpty()) {
                return Optional.of(ConditionFailure.of(this, "absent"));
            }
            BigDecimal v = value.get();
            if ((min.isPresent() && v.compareTo(min.get()) < 0) || (max.isPresent() && v.compareTo(max.get()) > 0)) {
                return Optional.of(ConditionFailure.of(this, v));
            }
            return Optional.empty();
        }

        /** {@code >= 2}, {@code <= 0}, {@code 1..3}. */
        @Override
        public String expected() {
            if (min.isPresent() && max.isPresent()) {
                return min.get().toPlainString() + ".." + max.get().toPlainString();
            }
            return min.map(m -> ">= " + m.toPlainString()).orElseGet(() -> "<= " + max.get().toPlainString());
        }
    }

    /**
     * The customer's segment or tier is one of the values, or the customer consented to one of the channels.
     *
     * @param attribute what is tested
     * @param values    the accepted values, at least one
     */
    record OneOf(Attribute attribute, Set<String> values) implements RuleCondition {

        /** Validates and copies (sorted, so explanations read the same every run). */
        public OneOf {
            Objects.requireNonNull(attribute, "attribute");
            values = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(values));
            if (values.isEmpty()) {
                throw new IllegalArgumentException(attribute.jsonName() + " needs at least one value");
            }
        }

        /** The customer is in one of the segments. */
        public static OneOf segment(String... ids) {
            return new OneOf(Attribute.SEGMENT, Set.of(ids));
        }

        /** The customer has one of the tiers. */
        public static OneOf tier(String... tiers) {
            return new OneOf(Attribute.TIER, Set.of(tiers));
        }

        /** The customer consented to one of the channels. */
        public static OneOf consent(String... channels) {
            return new OneOf(Attribute.CONSENT, Set.of(channels));
        }

        @Override
        public String name() {
            return attribute.jsonName();
        }

        @Override
        public Optional<ConditionFailure> test(CustomerFacts facts, Instant now, Currency currency) {
            switch (attribute) {
                case SEGMENT:
                    return values.contains(facts.segmentId()) ? Optional.empty()
                            : Optional.of(ConditionFailure.of(this, facts.segmentId()));
                case TIER:
                    return facts.tier().filter(values::contains).isPresent() ? Optional.empty()
                            : Optional.of(ConditionFailure.of(this, facts.tier().orElse("none")));
                case CONSENT:
                    for (String channel : values) {
                        if (facts.consentedChannels().contains(channel)) {
                            return Optional.empty();
                        }
                    }
                    return Optional.of(ConditionFailure.of(this, facts.consentedChannels()));
                default:
                    throw new AssertionError(attribute);
            }
        }

        /** {@code one of [general, other]}, or for consent {@code consent to one of [email]}. */
        @Override
        public String expected() {
            return (attribute == Attribute.CONSENT ? "consent to one of " : "one of ") + values;
        }
    }

    /**
     * A limited-time window: {@code from <= now < until} in local time of a zone, the campaign's when
     * given, otherwise the customer's own.
     *
     * @param from  the first local moment, inclusive
     * @param until the end, exclusive; after from
     * @param zone  the campaign's zone, or empty for the customer's zone
     */
    record Window(LocalDateTime from, LocalDateTime until, Optional<ZoneId> zone) implements RuleCondition {

        /** Validates the order of the ends. */
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(zone, "zone");
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("validity window ends (" + until + ") before it starts (" + from + ")");
            }
        }

        @Override
        public String name() {
            return "validity";
        }

        @Override
        public Optional<ConditionFailure> test(CustomerFacts facts, Instant now, Currency currency) {
            ZoneId z = zone.orElse(facts.zone());
            LocalDateTime local = LocalDateTime.ofInstant(now, z);
            if (local.isBefore(from) || !local.isBefore(until)) {
                return Optional.of(ConditionFailure.of(this, local + " " + z));
            }
            return Optional.empty();
        }

        /** {@code from 2011-12-10T00:00 until 2011-12-24T00:00 customer time}. */
        @Override
        public String expected() {
            return "from " + from + " until " + until + " " + zone.map(ZoneId::toString).orElse("customer time");
        }
    }
}
