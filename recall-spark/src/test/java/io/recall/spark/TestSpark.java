package io.recall.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session every test class shares: local[2], few shuffle partitions, no UI, loopback only.
 * Starting Spark takes seconds, so it starts once per test JVM and stops when the JVM does.
 */
final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("recall-spark-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    // Test data is small: compiling code for every query costs more than it saves.
                    .config("spark.sql.codegen.wholeStage", "false")
                    .config("spark.sql.adaptive.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            SparkSession started = session;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-spark"));
        }
        return session;
    }
}
