package io.recall.testing;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabasesTest {

    @Test
    void eachPostgresDatabaseIsARealServerAndStartsEmpty() throws Exception {
        DataSource first = Databases.postgres();
        DataSource second = Databases.postgres();
        try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INT)");
            s.execute("INSERT INTO t VALUES (1)");
            try (ResultSet r = s.executeQuery("SELECT version()")) {
                assertTrue(r.next());
                assertTrue(r.getString(1).startsWith("PostgreSQL"), r.getString(1));
            }
        }
        try (Connection c = second.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")) {
            assertTrue(r.next());
            assertEquals(0, r.getInt(1));
        }
    }
}
