package io.recall.delivery;

import io.recall.testing.Databases;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh embedded H2 databases with the delivery schema, through a plain DriverManager data source. */
final class H2 {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private H2() {
    }

    /** A data source over a new, empty in-memory database that lives until the JVM ends. */
    static DataSource dataSource() {
        return Databases.dataSource("jdbc:h2:mem:delivery" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                null, null);
    }

    static JdbcStores stores() {
        return JdbcStores.migrate(dataSource(), Instant.parse("2026-01-01T00:00:00Z"));
    }
}
