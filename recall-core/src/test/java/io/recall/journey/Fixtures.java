package io.recall.journey;

import io.recall.campaign.Contact;
import io.recall.channels.Address;
import io.recall.channels.Channel;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Journeys, contacts and instants shared by the journey tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final Set<Channel> CHANNELS = Set.of(Channel.EMAIL, Channel.SMS);

    private Fixtures() {
    }

    /** Everyone has an e-mail address and a phone, except customers whose id starts with "nobody". */
    static Optional<Contact> contact(String id) {
        if (id.startsWith("nobody")) {
            return Optional.empty();
        }
        return Optional.of(new Contact(id, ZoneOffset.UTC, Locale.UK, List.of(new Address.Email(id + "@example.com"),
                new Address.Phone("+447700900" + String.format("%03d", Math.abs(id.hashCode()) % 1000)))));
    }

    /**
     * After a purchase: thank by e-mail, wait 3 days, if the e-mail was opened exit, else SMS and exit.
     * Re-entry after 10 days.
     */
    static Journey followUp() {
        return Journey.builder("follow-up").trigger(new Trigger.Purchased()).reentry(Reentry.after(Duration.ofDays(10)))
                .send("thanks", Channel.EMAIL, "thanks-email", "pause")
                .waitFor("pause", Duration.ofDays(3), "opened")
                .branch("opened", Condition.OPENED, "done", "nudge")
                .send("nudge", Channel.SMS, "nudge-sms", "done")
                .exit("done")
                .build(CHANNELS);
    }

    /**
     * Three days before a coupon expires: remind by e-mail, then check daily until a purchase (a cycle through a
     * wait); never re-entered, exits on a purchase.
     */
    static Journey reminders() {
        return Journey.builder("reminders").trigger(new Trigger.CouponExpiring(3)).exitOnPurchase(true)
                .send("remind", Channel.EMAIL, "coupon-reminder", "day")
                .waitFor("day", Duration.ofDays(1), "bought")
                .branch("bought", Condition.PURCHASED, "done", "day")
                .exit("done")
                .build(CHANNELS);
    }
}
