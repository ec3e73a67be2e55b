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
 * in a transaction of its own: scheduled without a {@code uniqueRequestId}, nothing is kept).
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
    private long sent;
    private long scheduled;

    GruelboxOutboxContender(DataSource ds, boolean postgres) {
        this.ds = ds;
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
            transactions.inTransaction(() -> outbox.schedule(Sink.class).send(id));
        }
        if (sent != scheduled) {
            throw new IllegalStateException("gruelbox delivered " + sent + " of " + scheduled + " at once");
        }
    }

    @Override
    public String verify() throws Exception {
        long pending;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM TXNO_OUTBOX WHERE processed = false")) {
            rs.next();
            pending = rs.getLong(1);
        }
        if (sent != scheduled || keys.size() != scheduled || pending != 0) {
            throw new IllegalStateException("gruelbox lost or doubled messages: scheduled " + scheduled + ", sink got "
                    + sent + " (" + keys.size() + " distinct), " + pending + " unprocessed rows");
        }
        return "gruelbox: " + scheduled + " scheduled, " + sent + " delivered, 0 lost, 0 duplicate";
    }

    @Override
    public void close() {
    }
}
