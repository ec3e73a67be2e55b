package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Messages, plans and a driver that runs dispatch rounds until nothing is left to do. */
final class Fixtures {

    private Fixtures() {
    }

    static Message email(String id, String customer, Purpose purpose) {
        return Message.newBuilder().id(id).idempotencyKey(id + "-email")
                .recipient(new Address.Email(customer + "@example.com")).templateId("winback").locale(Locale.ENGLISH)
                .purpose(purpose).variable("firstName", new Variable.Text("Ann")).build();
    }

    static Message sms(String id, String customer, Purpose purpose) {
        return Message.newBuilder().id(id).idempotencyKey(id + "-sms")
                .recipient(new Address.Phone("+4477009" + String.format("%05d", Math.abs(customer.hashCode()) % 100000)))
                .templateId("winback").locale(Locale.ENGLISH).purpose(purpose).build();
    }

    static OutboundMessage emailThenSms(String id, String customer, ZoneId zone, Purpose purpose) {
        return new OutboundMessage(customer, zone, List.of(email(id, customer, purpose), sms(id, customer, purpose)));
    }

    static void grantAll(ConsentLedger ledger, String customer, Instant at) {
        for (Channel c : List.of(Channel.EMAIL, Channel.SMS)) {
            ledger.append(ConsentEntry.granted(customer, c, Purpose.MARKETING, at, "v1", "signup form"));
        }
    }

    /** The earliest due time of any non-terminal message, if any. */
    static Optional<Instant> nextDue(OutboxStore outbox, List<String> ids) {
        Instant next = null;
        for (String id : ids) {
            OutboxEntry e = outbox.find(id).orElseThrow();
            if (e.state().isTerminal()) {
                continue;
            }
            Instant due = e.state() == DeliveryState.IN_FLIGHT ? e.leaseUntil().orElseThrow() : e.dueAt();
            next = next == null || due.isBefore(next) ? due : next;
        }
        return Optional.ofNullable(next);
    }

    /**
     * Runs rounds, each at the next due time (never earlier than the last), until every message is terminal
     * or {@code maxRounds} pass; checks the reconciliation balances after every round.
     */
    static Instant drain(DeliveryPipeline pipeline, List<FaultyAdapter> adapters, List<String> ids, Instant start,
                         int maxRounds) {
        Instant now = start;
        for (int round = 0; round < maxRounds; round++) {
            Optional<Instant> due = nextDue(pipeline.outbox(), ids);
            if (due.isEmpty()) {
                return now;
            }
            if (due.get().isAfter(now)) {
                now = due.get();
            }
            for (FaultyAdapter a : adapters) {
                a.now = now;
            }
            pipeline.dispatch(now);
            Reconciliation r = pipeline.reconcile();
            if (!r.balances() || r.enqueued() != ids.size()) {
                throw new AssertionError("reconciliation does not balance after round " + round + ": " + r);
            }
        }
        throw new AssertionError("messages still not terminal after " + maxRounds + " rounds: "
                + pipeline.reconcile());
    }

    static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("m" + i);
        }
        return ids;
    }
}
