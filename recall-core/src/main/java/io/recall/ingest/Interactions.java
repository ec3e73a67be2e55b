package io.recall.ingest;

import io.recall.model.ServiceInteraction;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Service-interaction rows merged per ticket. The merge is commutative, so the interaction does not depend
 * on the order its rows arrive in: it starts at the earliest row; its type is the latest row's, so a ticket
 * escalated from an inquiry to a complaint is a complaint (at the same instant a complaint wins, so an
 * escalation is never undone by a repeat); its status is the latest row's (at the
 * same instant a closed one wins: a repeat does not reopen a matter); channel, category and order are
 * taken from any row that has them (the smallest value when rows disagree).
 */
final class Interactions {

    private Interactions() {
    }

    /** One row of a ticket. */
    record Row(Instant at, ServiceInteraction.Type type, Optional<ServiceInteraction.Status> status,
               Optional<String> channel, Optional<String> category, Optional<String> orderId,
               Optional<ServiceInteraction.Sentiment> sentiment) {
    }

    /** A ticket being merged. Not thread-safe. */
    static final class Ticket {
        private final String id;
        private final String customerId;
        private final String source;
        private final long line;
        private Row first;
        private Instant typeAt;
        private ServiceInteraction.Type type;
        private Instant statusAt;
        private Optional<ServiceInteraction.Status> status;
        private Optional<String> channel;
        private Optional<String> category;
        private Optional<String> orderId;
        private Instant sentimentAt;
        private Optional<ServiceInteraction.Sentiment> sentiment;

        Ticket(String id, String customerId, String source, long line, Row row) {
            this.id = id;
            this.customerId = customerId;
            this.source = source;
            this.line = line;
            this.first = row;
            this.typeAt = row.at();
            this.type = row.type();
            this.statusAt = row.at();
            this.status = row.status();
            this.channel = row.channel();
            this.category = row.category();
            this.orderId = row.orderId();
            this.sentiment = row.sentiment();
            this.sentimentAt = row.at();
        }

        String customerId() {
            return customerId;
        }

        /** The line of the ticket's first row. */
        long line() {
            return line;
        }

        void add(Row row) {
            if (row.at().isBefore(first.at()) || (row.at().equals(first.at()) && row.type().compareTo(first.type()) < 0)) {
                first = row;
            }
            int typeByTime = row.at().compareTo(typeAt);
            if (typeByTime > 0 || (typeByTime == 0 && rank(row.type()) > rank(type))) {
                type = row.type();
                typeAt = row.at();
            }
            if (row.status().isPresent()) {
                int byTime = row.at().compareTo(statusAt);
                if (status.isEmpty() || byTime > 0 || (byTime == 0 && row.status().get().compareTo(status.get()) > 0)) {
                    status = row.status();
                    statusAt = row.at();
                }
            }
            if (row.sentiment().isPresent()) {
                // Like the status, the latest rating counts; at the same instant the less happy one, so a
                // repeat never makes a customer look happier than they said.
                int byTime = row.at().compareTo(sentimentAt);
                if (sentiment.isEmpty() || byTime > 0
                        || (byTime == 0 && row.sentiment().get().compareTo(sentiment.get()) < 0)) {
                    sentiment = row.sentiment();
                    sentimentAt = row.at();
                }
            }
            channel = either(channel, row.channel());
            category = either(category, row.category());
            orderId = either(orderId, row.orderId());
        }

        /** At the same instant a complaint wins; otherwise the declaration order decides, so the merge commutes. */
        private static int rank(ServiceInteraction.Type t) {
            return t == ServiceInteraction.Type.COMPLAINT ? Integer.MAX_VALUE : t.ordinal();
        }

        private static Optional<String> either(Optional<String> current, Optional<String> candidate) {
            // Commutative: present beats absent, then the smaller value, so arrival order never decides.
            if (candidate.isEmpty()) {
                return current;
            }
            if (current.isEmpty()) {
                return candidate;
            }
            return candidate.get().compareTo(current.get()) < 0 ? candidate : current;
        }

        ServiceInteraction build() {
            return new ServiceInteraction(id, customerId, type, first.at(), channel, status, category, orderId,
                    source, sentiment);
        }
    }

    static List<ServiceInteraction> sorted(Collection<Ticket> tickets) {
        return tickets.stream().map(Ticket::build).sorted(Comparator.comparing(ServiceInteraction::customerId)
                .thenComparing(ServiceInteraction::at).thenComparing(ServiceInteraction::id)).toList();
    }

    static Optional<ServiceInteraction.Type> type(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "inquiry", "enquiry", "question", "query", "request", "咨询", "询问" ->
                    Optional.of(ServiceInteraction.Type.INQUIRY);
            case "complaint", "claim", "grievance", "投诉" -> Optional.of(ServiceInteraction.Type.COMPLAINT);
            case "feedback", "praise", "compliment", "suggestion", "review", "反馈", "建议" ->
                    Optional.of(ServiceInteraction.Type.FEEDBACK);
            default -> Optional.empty();
        };
    }

    /** A word, or a score from -1 (negative) to 1 (positive) read by its sign; other scales are not guessed at. */
    static Optional<ServiceInteraction.Sentiment> sentiment(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "negative", "neg", "unhappy", "angry", "负面", "消极" -> {
                return Optional.of(ServiceInteraction.Sentiment.NEGATIVE);
            }
            case "neutral", "neu", "mixed", "中性" -> {
                return Optional.of(ServiceInteraction.Sentiment.NEUTRAL);
            }
            case "positive", "pos", "happy", "正面", "积极" -> {
                return Optional.of(ServiceInteraction.Sentiment.POSITIVE);
            }
            default -> {
                Optional<java.math.BigDecimal> score = OrderImporter.decimal(t);
                if (score.isEmpty() || score.get().abs().compareTo(java.math.BigDecimal.ONE) > 0) {
                    return Optional.empty();
                }
                return Optional.of(switch (score.get().signum()) {
                    case -1 -> ServiceInteraction.Sentiment.NEGATIVE;
                    case 0 -> ServiceInteraction.Sentiment.NEUTRAL;
                    default -> ServiceInteraction.Sentiment.POSITIVE;
                });
            }
        }
    }

    static Optional<ServiceInteraction.Status> status(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "open", "new", "pending", "unresolved", "in progress", "in-progress", "waiting", "escalated",
                    "reopened", "未解决", "处理中", "待处理" -> Optional.of(ServiceInteraction.Status.OPEN);
            case "closed", "resolved", "solved", "done", "completed", "complete", "已解决", "已关闭" ->
                    Optional.of(ServiceInteraction.Status.CLOSED);
            default -> Optional.empty();
        };
    }
}
