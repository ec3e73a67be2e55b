package io.recall.spark.internal;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

/**
 * Exact order statistics of whole-number columns without collecting them: the distinct (column, value)
 * pairs with their counts are sorted across the cluster (range-partitioned), each partition's count per
 * column is collected, and every partition then emits the values at the wanted ranks that fall into it.
 * One sort serves every column; only the per-partition counts and the answers reach the driver.
 */
public final class RankSelect {

    private RankSelect() {
    }

    /**
     * For each column, the values at the given 0-based ranks of the column sorted ascending (ties kept,
     * so rank k is what {@code sorted[k]} would be in one JVM).
     *
     * @param ranks ascending, each in [0, rows)
     * @return {@code values[column][rank index]}
     */
    public static long[][] valuesAt(Dataset<Row> data, String[] columns, long[] ranks) {
        Column[] pairs = new Column[columns.length];
        for (int c = 0; c < columns.length; c++) {
            pairs[c] = struct(lit(c).as("c"), col(columns[c]).cast("long").as("v"));
        }
        JavaRDD<Row> sorted = data.select(explode(array(pairs)).as("p"))
                .select(col("p.c").as("c"), col("p.v").as("v"))
                .groupBy("c", "v").count().orderBy("c", "v").javaRDD();
        int width = columns.length;
        // Two jobs walk the same sorted partitions: keep them rather than sort twice.
        sorted.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Tuple2<Integer, long[]>> sizes = sorted.mapPartitionsWithIndex((index, rows) -> {
                long[] n = new long[width];
                while (rows.hasNext()) {
                    Row row = rows.next();
                    n[row.getInt(0)] += row.getLong(2);
                }
                return List.of(new Tuple2<>(index, n)).iterator();
            }, true).collect();
            // offsets[p][c]: how many values of column c lie in the partitions before p.
            long[][] offsets = new long[sizes.size() + 1][width];
            for (Tuple2<Integer, long[]> size : sizes) {
                offsets[size._1() + 1] = size._2();
            }
            for (int p = 1; p < offsets.length; p++) {
                for (int c = 0; c < width; c++) {
                    offsets[p][c] += offsets[p - 1][c];
                }
            }
            long[] wanted = ranks.clone();
            List<long[]> found = sorted.mapPartitionsWithIndex((index, rows) -> {
                List<long[]> out = new ArrayList<>();
                long[] start = offsets[index].clone();
                while (rows.hasNext()) {
                    Row row = rows.next();
                    int c = row.getInt(0);
                    long end = start[c] + row.getLong(2);
                    for (int k = 0; k < wanted.length; k++) {
                        if (wanted[k] >= start[c] && wanted[k] < end) {
                            out.add(new long[]{c, k, row.getLong(1)});
                        }
                    }
                    start[c] = end;
                }
                return out.iterator();
            }, true).collect();
            long[][] values = new long[width][ranks.length];
            boolean[][] seen = new boolean[width][ranks.length];
            for (long[] f : found) {
                values[(int) f[0]][(int) f[1]] = f[2];
                seen[(int) f[0]][(int) f[1]] = true;
            }
            for (int c = 0; c < width; c++) {
                for (int k = 0; k < ranks.length; k++) {
                    if (!seen[c][k]) {
                        throw new IllegalStateException("rank " + ranks[k] + " of " + columns[c] + " not found among "
                                + offsets[offsets.length - 1][c] + " values " + Arrays.toString(ranks));
                    }
                }
            }
            return values;
        } finally {
            sorted.unpersist(false);
        }
    }
}
