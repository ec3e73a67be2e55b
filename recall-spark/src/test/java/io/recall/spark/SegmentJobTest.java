package io.recall.spark;

import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.ScoringModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentJobTest {

    static final String[] REQUIRED = {"--input", "in", "--as-of", "2024-03-31", "--currency", "GBP",
            "--zone", "Europe/London", "--output", "out"};

    @Nested
    class Arguments {

        @Test
        void defaultsAreTheGenericColumnsExactQuintilesAndRfm11() {
            SegmentJob job = SegmentJob.fromArgs(REQUIRED);
            assertEquals("parquet", job.inputFormat());
            assertEquals(LocalDate.of(2024, 3, 31), job.asOf());
            assertEquals(ZoneId.of("Europe/London"), job.options().zone());
            assertEquals(OrderColumns.defaults(), job.columns());
            assertEquals("rfm11", job.scheme());
            assertEquals(Optional.empty(), job.approximate());
        }

        @Test
        void everyOptionIsRead() {
            String[] more = {"--input-format", "csv", "--frequency", "days", "--monetary", "average", "--levels", "2",
                    "--scheme", "seed4", "--approximate", "0.001", "--customer-id", "member", "--kind", "-",
                    "--refund-id", "-"};
            String[] args = java.util.stream.Stream.of(REQUIRED, more).flatMap(java.util.Arrays::stream)
                    .toArray(String[]::new);
            SegmentJob job = SegmentJob.fromArgs(args);
            assertEquals(FrequencyBasis.DISTINCT_DAYS, job.options().frequencyBasis());
            assertEquals(MonetaryBasis.AVERAGE, job.options().monetaryBasis());
            assertEquals(Optional.of(2), job.levels());
            assertEquals(Optional.of(0.001), job.approximate());
            assertEquals("member", job.columns().customerId());
            assertEquals(Optional.empty(), job.columns().kind());
            assertEquals(Optional.empty(), job.columns().refundId());
        }

        @Test
        void aMissingOrUnknownOptionIsNamed() {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> SegmentJob.fromArgs("--input", "in"));
            assertTrue(missing.getMessage().contains("--currency is required"), missing.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> SegmentJob.fromArgs("--inputs", "in"));
            assertTrue(unknown.getMessage().startsWith("unknown option --inputs"), unknown.getMessage());
        }
    }

    @Test
    void theJobWritesTheModelJsonSegmentsRejectsAndSummary(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("lines");
        BadInputTest.dataset(BadInputTest.ROWS).write().parquet(input.toString());
        Path output = dir.resolve("out");
        SegmentJob job = SegmentJob.fromArgs("--input", input.toString(), "--as-of", "2024-03-31", "--currency", "GBP",
                "--zone", "Europe/London", "--output", output.toString(), "--refund-id", "-");
        Map<String, Object> summary = job.run(TestSpark.session());

        ScoringModel model = ScoringModel.fromJson(Files.readString(output.resolve("model.json")));
        assertEquals(3, model.population());
        assertEquals(5, model.levels());
        assertEquals(3, summary.get("customers"));
        assertTrue(Files.readString(output.resolve("summary.json")).contains("\"currency-mismatch\" : 1"));
        List<Row> segments = TestSpark.session().read().parquet(output.resolve("segments").toString()).collectAsList();
        assertEquals(3, segments.size());
        assertEquals(12, TestSpark.session().read().parquet(output.resolve("rejects").toString()).count());
    }
}
