package io.recall.predict;

import java.util.List;
import java.util.Objects;

/**
 * P(alive) over a grid of frequency (x) and time of last purchase (t_x) for customers of one age T: the
 * heat map the BTYD papers draw. Cells are ordered by x, then t_x; only possible histories appear (x = 0
 * only with t_x = 0; for opportunities, x &lt;= t_x).
 *
 * @param model    the model's short name
 * @param unit     the unit of t_x and T
 * @param ageAtEnd T of every cell
 * @param cells    the cells
 */
public record AliveMatrix(String model, PeriodUnit unit, double ageAtEnd, List<AliveCell> cells) {

    /** Copies the cells. */
    public AliveMatrix {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(unit, "unit");
        cells = List.copyOf(cells);
    }
}
