package io.recall.benchmarks;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.testing.SharedData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Import throughput on Online Retail (541,909 rows, gzip CSV): Recall's {@code OrderImporter} parsing,
 * validating and accounting for every row into events, against DuckDB reading the same file into a table
 * with the same column types ({@code CREATE TABLE … AS SELECT * FROM read_csv(…)}). One operation is the
 * whole file; rows/s = 541,909 / (ms/op / 1000).
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am
 * java -jar recall-benchmarks/target/benchmarks.jar ImportBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ImportBenchmark {

    @Param({"recall", "duckdb"})
    String engine;

    private Path file;
    private Connection duckdb;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        file = SharedData.onlineRetail();
        if (engine.equals("duckdb")) {
            duckdb = DriverManager.getConnection("jdbc:duckdb:");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (duckdb != null) {
            duckdb.close();
        }
    }

    @Benchmark
    public long importFile(Blackhole hole) throws Exception {
        if (engine.equals("recall")) {
            ImportReport report = OrderImporter.read(file, InputFormat.ONLINE_RETAIL, ImportOptions.defaults(),
                    hole::consume, ProgressListener.NONE);
            return report.rowsRead();
        }
        try (Statement s = duckdb.createStatement()) {
            s.execute("DROP TABLE IF EXISTS lines");
            s.execute("CREATE TABLE lines AS SELECT * FROM read_csv('" + file.toString().replace("'", "''")
                    + "', header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"',"
                    + " timestampformat = '%Y-%m-%d %H:%M:%S',"
                    + " columns = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR',"
                    + " 'Quantity': 'BIGINT', 'InvoiceDate': 'TIMESTAMP', 'UnitPrice': 'DECIMAL(18,4)',"
                    + " 'CustomerID': 'VARCHAR', 'Country': 'VARCHAR'})");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM lines")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
