package io.recall.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A direct-marketing campaign a shop ran: who was targeted, when it ran, and which coupons it offered. What
 * a measurement of past campaigns needs (redemptions are {@link CouponRedemption}s).
 *
 * @param id        the campaign's id, not blank
 * @param type      the shop's kind of campaign (Complete Journey: {@code Type A}, {@code Type B}, {@code Type C}),
 *                  not blank
 * @param start     the first day it ran, in the shop's calendar
 * @param end       the last day it ran, not before {@code start}
 * @param customers the customers targeted, sorted
 * @param coupons   the coupons it offered, sorted
 */
public record MarketingCampaign(String id, String type, LocalDate start, LocalDate end, Set<String> customers,
                                Set<String> coupons) {

    /** Validates and copies. */
    public MarketingCampaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        customers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(customers));
        coupons = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(coupons));
        if (id.isBlank() || type.isBlank()) {
            throw new IllegalArgumentException("campaign id and type must not be blank but were '" + id + "' and '"
                    + type + "'");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("campaign " + id + " ends " + end + " before it starts " + start);
        }
    }

    /** Whether a day falls within the campaign, both ends included. */
    public boolean runsOn(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    /** Whether the campaign targeted a customer. */
    public boolean targets(String customerId) {
        return customers.contains(customerId);
    }

    /** The number of days it ran, both ends included. */
    public long days() {
        return end.toEpochDay() - start.toEpochDay() + 1;
    }

}
