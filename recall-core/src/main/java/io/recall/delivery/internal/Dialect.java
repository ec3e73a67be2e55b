package io.recall.delivery.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;

/**
 * The SQL dialects the JDBC stores tell apart, by the driver's product name, and the statements that differ
 * between them. Everything else the stores run is plain SQL both accept.
 */
public enum Dialect {

    /** PostgreSQL: claims skip rows another worker has locked; upserts with {@code ON CONFLICT}. */
    POSTGRESQL(" FOR UPDATE SKIP LOCKED"),
    /**
     * H2 2.x: plain {@code FOR UPDATE}. H2 accepts {@code SKIP LOCKED} but applies {@code LIMIT} before
     * skipping, so a second worker would claim nothing while due rows wait; waiting out the other claim's
     * short transaction is better. Upserts with {@code MERGE ... KEY}.
     */
    H2(" FOR UPDATE"),
    /** Any other database: plain {@code FOR UPDATE}; an upsert is a delete and an insert in one transaction. */
    OTHER(" FOR UPDATE");

    private final String claimLock;

    Dialect(String claimLock) {
        this.claimLock = claimLock;
    }

    /** The dialect of a database product name as JDBC reports it ("PostgreSQL", "H2"). */
    public static Dialect of(String productName) {
        String p = Objects.requireNonNull(productName, "productName").toLowerCase(Locale.ROOT);
        if (p.equals("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        return OTHER;
    }

    /** The dialect of an open connection. */
    public static Dialect of(Connection c) throws SQLException {
        return of(c.getMetaData().getDatabaseProductName());
    }

    /** The dialect of the database behind a data source (opens and returns one connection). */
    public static Dialect detect(DataSource ds) {
        return Jdbc.auto(ds, "reading the database product", Dialect::of);
    }

    /** What a claim's {@code SELECT} ends with to lock the rows it will update. */
    public String claimLock() {
        return claimLock;
    }

    /** What a {@code SELECT} of one row ends with to lock it until the transaction ends (waiting if need be). */
    public String rowLock() {
        return " FOR UPDATE";
    }
}
