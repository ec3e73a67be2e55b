package io.recall.report;

import io.recall.model.Money;
import io.recall.report.ReportData.Movement;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.segment.Classification;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Assembling report data from classifications. */
class ReportDataTest {

    static Classification c(String id, int r, int f, Segment s) {
        return new Classification(new RfmMetrics(id, 10, 2, Money.of("50.00", "GBP"), 100), new RfmScore(r, f, 1), s);
    }

    @Test
    void countsSegmentsHeatMapAndMovement() {
        SegmentScheme scheme = SegmentScheme.builtIn("rfm11");
        Segment a = scheme.segments().get(0);
        Segment b = scheme.segments().get(1);
        List<Classification> before = List.of(c("1", 5, 5, a), c("2", 4, 4, a), c("3", 1, 1, b));
        List<Classification> after = List.of(c("1", 5, 5, a), c("2", 3, 4, b), c("4", 5, 1, b), c("5", 5, 1, b));

        List<SegmentCount> seg = ReportData.segmentCounts(scheme, after);
        assertEquals(scheme.segments().get(0), seg.get(0).segment());
        assertEquals(1, seg.get(0).customers());
        assertEquals(3, seg.get(1).customers());
        assertEquals(4, seg.stream().mapToLong(SegmentCount::customers).sum(), "every customer once");

        assertEquals(List.of(new RfCell(3, 4, 1), new RfCell(5, 1, 2), new RfCell(5, 5, 1)), ReportData.heatMap(after));

        assertEquals(List.of(new Movement("(new)", b.id(), 2), new Movement(a.id(), a.id(), 1),
                        new Movement(a.id(), b.id(), 1), new Movement(b.id(), "(gone)", 1)),
                ReportData.movements(before, after).stream().sorted(java.util.Comparator
                        .comparing(Movement::from).thenComparing(Movement::to)).toList());
    }

    @Test
    void rejectsCellsOutsideTheGridAndMovementWithoutADate() {
        assertThrows(IllegalArgumentException.class, () -> new ReportData("t", java.time.LocalDate.EPOCH,
                java.util.Optional.empty(), Money.currency("GBP"), List.of(), List.of(), 3,
                List.of(new RfCell(4, 1, 1)), List.of(), List.of(), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ReportData("t", java.time.LocalDate.EPOCH,
                java.util.Optional.empty(), Money.currency("GBP"), List.of(), List.of(new Movement("a", "b", 1)), 3,
                List.of(), List.of(), List.of(), List.of(), List.of()));
    }
}
