package io.recall.measure;

import io.recall.measure.internal.Stats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The interval formulas against published values (Newcombe 1998, Statistics in Medicine 17:857-872). */
class StatsTest {

    static final double Z95 = Stats.z(0.95);

    @Test
    void zOfNinetyFivePercentIsTheFamiliarOneNinetySix() {
        assertEquals(1.959964, Z95, 1e-6);
        assertEquals(1.644854, Stats.z(0.90), 1e-6);
    }

    @Test
    void wilsonMatchesNewcombesTableOne() {
        Interval a = Stats.wilson(81, 263, Z95);
        assertEquals(0.2553, a.low(), 5e-5);
        assertEquals(0.3662, a.high(), 5e-5);
        Interval zero = Stats.wilson(0, 10, Z95);
        assertEquals(0.0, zero.low());
        assertEquals(0.2775, zero.high(), 5e-5);
        Interval all = Stats.wilson(29, 29, Z95);
        assertEquals(0.8830, all.low(), 5e-5);
        assertEquals(1.0, all.high());
    }

    @Test
    void newcombeHybridMatchesNewcombesTableTwo() {
        Interval d = Stats.newcombe(56, 70, 48, 80, Z95);
        assertEquals(0.2, d.estimate(), 1e-12);
        assertEquals(0.0524, d.low(), 5e-5);
        assertEquals(0.3339, d.high(), 5e-5);
        Interval e = Stats.newcombe(9, 10, 3, 10, Z95);
        assertEquals(0.1705, e.low(), 5e-5);
        assertEquals(0.8090, e.high(), 5e-5);
    }
}
