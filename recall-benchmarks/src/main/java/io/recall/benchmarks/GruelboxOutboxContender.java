package io.recall.benchmarks;

import com.gruelbox.transactionoutbox.Dialect;
import com.gruelbox.transactionoutbox.Instantiator;
import com.gruelbox.transactionoutbox.Persistor;
import com.gruelbox.transactionoutbox.Submitter;
import com.gruelbox.transactionoutbox.TransactionManager;
import com.gruelbox.transactionoutbox.TransactionOutbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * com.gruelbox transaction-outbox 4.2.268 on the same database: {@code schedule(Sink.class).send(id)} inside
 * {@code TransactionManager.inTransaction}, one transaction per message, run right after commit on the
 * calling thread (its normal path: the submitter executes at once, then the entry is locked and deleted
 * in a transaction of its own: scheduled without a {@code uniqueRequestId}, nothing is kept). With
 * {@code unique}, each call is scheduled with {@code uniqueRequestId} = the message id, transaction-outbox's
 * own deduplication: a processed entry is then kept (marked processed, until its retention threshold), which
 * is the nearest it comes to Recall keeping every message and its key.
 */
final class GruelboxOutboxContender implements OutboxContender {

    /** The scheduled call: the equivalent of handing a message to a provider. */
    public interface Sink {
        /** Delivers one message. */
        void send(String id);
    }

    private final DataSource ds;
    private final TransactionManager transactions;
    private final TransactionOutbox outbox;
    private final Set<String> keys = new HashSet<>();
    private final boolean unique;
    private long sent;
    private long scheduled;

    GruelboxOutboxContender(DataSource ds, boolean postgres) {
        this(ds, postgres, false);
    }

    GruelboxOutboxContender(DataSource ds, boolean postgres, boolean unique) {
        this.ds = ds;
        this.unique = unique;
        this.transactions = TransactionManager.fromDataSource(ds);
        Sink sink = id -> {
            sent++;
            keys.add(id);
        };
        this.outbox = TransactionOutbox.builder().transactionManager(transactions)
                .persistor(Persistor.forDialect(postgres ? Dialect.POSTGRESQL_9 : Dialect.H2))
                .instantiator(Instantiator.using(type -> sink)).submitter(Submitter.withExecutor(Runnable::run))
                .build();
    }

    @Override
    public void enqueueAndDeliver(int n) {
        for (int i = 0; i < n; i++) {
            String id = "m" + (scheduled++);
            if (unique) {
                transactions.inTransaction(() -> outbox.with().uniqueRequestId(id).schedule(Sink.class).send(id));
            } else {
                transactions.inTransaction(() -> outbox.schedule(Sink.class).send(id));
            }
        }
        if (sent != scheduled) {
            throw new IllegalStateException("gruelbox delivered " + sent + " of " + scheduled + " at once");
        }
    }

    @Override
    public String verify() throws Exception {
        long pending;
        long kept;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(CASE WHEN processed = false THEN 1 END)"
                     + " FROM TXNO_OUTBOX")) {
            rs.next();
            kept = rs.getLong(1);
            pending = rs.getLong(2);
        }
        // Deduplicating, every processed entry is kept; otherwise each is deleted once processed.
        long keptWanted = unique ? scheduled : 0;
        if (sent != scheduled || keys.size() != scheduled || pending != 0 || kept != keptWanted) {
            throw new IllegalStateException("gruelbox lost or doubled messages: scheduled " + scheduled + ", sink got "
                    + sent + " (" + keys.size() + " distinct), " + pending + " unprocessed rows, " + kept
                    + " rows kept (wanted " + keptWanted + ")");
        }
        return "gruelbox" + (unique ? " (uniqueRequestId)" : "") + ": " + scheduled + " scheduled, " + sent
                + " delivered, " + kept + " kept, 0 lost, 0 duplicate";
    }

    @Override
    public void close() {
    }
}
