package io.recall.benchmarks;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer: DuckDB (in-memory, over JDBC) reading the gzip CSV itself and computing the same metrics,
 * quintile thresholds and scores in one SQL statement; Java only fetches the rows.
 *
 * <p>The connection is opened once, outside the measured job (which favours the peer by a few
 * milliseconds). DuckDB uses all cores by default; Recall's job runs on one thread.
 */
final class DuckDbRfmJob implements RfmJob {

    /**
     * Half-even rounding of {@code x} (an integer number of 1/10000 GBP) to pence, in exact integer
     * arithmetic: DuckDB's {@code round} rounds half away from zero, and going through DOUBLE would not be exact.
     */
    static final String HALF_EVEN_TO_PENCE = """
            CAST((x - ((x % 100) + 100) % 100) // 100
                 + CASE WHEN ((x % 100) + 100) % 100 > 50
                          OR (((x % 100) + 100) % 100 = 50 AND ((x - ((x % 100) + 100) % 100) // 100) % 2 <> 0)
                        THEN 1 ELSE 0 END AS BIGINT)""";

    /**
     * The whole job. {@code ${file}} and {@code ${asOf}} are replaced before it runs.
     *
     * <p>Rules, as Recall's Online Retail import and {@code CustomerAccumulator} apply them: rows need a
     * CustomerID; {@code A…} invoices (bad-debt adjustments) are dropped; purchase lines need Quantity > 0,
     * cancellation lines ({@code C…}) Quantity < 0, both UnitPrice > 0; an exact repeat of a line within
     * an invoice counts once; an invoice's time is its earliest line's; cancellations are netted from
     * monetary and do not count as purchases. Online Retail's timestamps are UK local time, so a
     * timestamp's date is its Europe/London date. {@code quantile_disc(x, q)} picks the value at 0-based
     * index ⌈q·N⌉ − 1 of the sorted values, i.e. Recall's rank ⌈i·N/5⌉ (checked in DuckDbAgreementTest).
     */
    static final String SQL = """
            WITH lines AS (
                SELECT DISTINCT InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID,
                       starts_with(InvoiceNo, 'C') AS cancellation
                FROM read_csv('${file}', header = true, auto_detect = false,
                              delim = ',', quote = '"', escape = '"', timestampformat = '%Y-%m-%d %H:%M:%S',
                              columns = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR',
                                         'Quantity': 'BIGINT', 'InvoiceDate': 'TIMESTAMP',
                                         'UnitPrice': 'DECIMAL(18,4)', 'CustomerID': 'VARCHAR',
                                         'Country': 'VARCHAR'})
                WHERE CustomerID IS NOT NULL
                  AND NOT starts_with(InvoiceNo, 'A')
                  AND UnitPrice > 0
                  AND CASE WHEN starts_with(InvoiceNo, 'C') THEN Quantity < 0 ELSE Quantity > 0 END
            ),
            invoices AS (
                -- amounts in 1/10000 GBP: exact integers; cancellations have Quantity < 0, so they net
                SELECT CustomerID, InvoiceNo, cancellation, min(InvoiceDate) AS at,
                       sum(Quantity * CAST(UnitPrice * 10000 AS BIGINT)) AS amount
                FROM lines
                GROUP BY CustomerID, InvoiceNo, cancellation
            ),
            customers AS (
                SELECT CustomerID,
                       CAST(date_diff('day', CAST(max(at) FILTER (WHERE NOT cancellation) AS DATE),
                                      DATE '${asOf}') AS INTEGER) AS recency,
                       CAST(count(*) FILTER (WHERE NOT cancellation) AS INTEGER) AS frequency,
                       sum(amount) AS x
                FROM invoices
                GROUP BY CustomerID
                HAVING count(*) FILTER (WHERE NOT cancellation) > 0
            ),
            metrics AS (
                SELECT CustomerID, recency, frequency, ${halfEven} AS monetary
                FROM customers
            ),
            cuts AS (
                SELECT quantile_disc(recency, [0.2, 0.4, 0.6, 0.8]) AS r_cuts,
                       quantile_disc(frequency, [0.2, 0.4, 0.6, 0.8]) AS f_cuts,
                       quantile_disc(monetary, [0.2, 0.4, 0.6, 0.8]) AS m_cuts
                FROM metrics
            )
            SELECT CustomerID, recency, frequency, monetary,
                   5 - len(list_filter(r_cuts, t -> t < recency)) AS r,
                   1 + len(list_filter(f_cuts, t -> t < frequency)) AS f,
                   1 + len(list_filter(m_cuts, t -> t < monetary)) AS m,
                   r_cuts, f_cuts, m_cuts
            FROM metrics, cuts
            ORDER BY CustomerID
            """;

    private final Connection connection;

    private DuckDbRfmJob(Connection connection) {
        this.connection = connection;
    }

    /** Opens an in-memory DuckDB database. */
    static DuckDbRfmJob open() throws SQLException {
        return new DuckDbRfmJob(DriverManager.getConnection("jdbc:duckdb:"));
    }

    /** The statement for a file and an as-of date. */
    static String sql(Path file, LocalDate asOf) {
        return SQL.replace("${halfEven}", HALF_EVEN_TO_PENCE)
                .replace("${asOf}", asOf.toString())
                .replace("${file}", file.toAbsolutePath().toString().replace("'", "''"));
    }

    Connection connection() {
        return connection;
    }

    @Override
    public Thresholds run(Path file, LocalDate asOf, CustomerSink sink) throws SQLException {
        Thresholds thresholds = null;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql(file, asOf))) {
            while (rs.next()) {
                sink.accept(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7));
                if (thresholds == null) {
                    thresholds = new Thresholds(longs(rs.getArray(8)), longs(rs.getArray(9)), longs(rs.getArray(10)));
                }
            }
        }
        if (thresholds == null) {
            throw new IllegalStateException("no customers in " + file);
        }
        return thresholds;
    }

    private static List<Long> longs(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        List<Long> result = new ArrayList<>(values.length);
        for (Object value : values) {
            result.add(((Number) value).longValue());
        }
        return result;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
