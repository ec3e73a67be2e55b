package io.recall.generator;

import io.recall.model.Money;
import io.recall.model.OrderLine;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a drawn order value into catalogue lines whose exact total comes close to it.
 *
 * <p>A basket plans a number of lines ({@link Calibration#LINE_COUNT_WEIGHTS}) and gives each an equal
 * share of the value still to fill. For each line it draws products by popularity (mostly from the
 * customer's favourite categories) with a quantity until it has {@link Calibration#CANDIDATES_PER_LINE}
 * that fit, and keeps the one whose value is closest to the share: popular products stay popular, and a
 * big order is made of dearer products rather than of dozens of cheap ones. Past the plan, lines are added while the
 * basket is below {@link Calibration#BASKET_CLOSE_ENOUGH} of the value, up to
 * {@link Calibration#MAX_LINES}; no line after the first may take it past
 * {@link Calibration#BASKET_OVERSHOOT}. The value is a double, but every amount on a line is exact:
 * catalogue price times a whole quantity. Immutable and thread-safe.
 */
final class BasketFiller {

    private static final double TOO_DEAR = 1_000;

    private final Catalogue catalogue;
    private final Money[] unitPrices;
    private final List<Optional<String>> categories;

    BasketFiller(Catalogue catalogue, Currency currency) {
        this.catalogue = catalogue;
        List<Catalogue.Item> items = catalogue.items();
        this.unitPrices = new Money[items.size()];
        List<Optional<String>> cats = new ArrayList<>(items.size());
        for (Catalogue.Item item : items) {
            // A currency without cents (JPY) gets whole prices; one with three decimals keeps the price exact.
            unitPrices[item.index()] = Money.of(
                    item.price().setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN), currency);
            cats.add(Optional.of(item.category()));
        }
        this.categories = List.copyOf(cats);
    }

    /** The price of a product in this filler's currency. */
    Money unitPrice(Catalogue.Item item) {
        return unitPrices[item.index()];
    }

    /** Two or so favourite categories, drawn by popularity, distinct. */
    int[] favourites(Rng rng) {
        int count = Math.min(Calibration.FAVOURITE_CATEGORIES, catalogue.categories().size());
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) {
            int c;
            boolean repeat;
            do {
                c = catalogue.pickCategory(rng);
                repeat = false;
                for (int j = 0; j < i; j++) {
                    repeat |= chosen[j] == c;
                }
            } while (repeat);
            chosen[i] = c;
        }
        return chosen;
    }

    /** At least one line, each product once, totalling roughly {@code target}. */
    List<OrderLine> fill(double target, int[] favourites, Rng rng) {
        Map<Integer, Long> quantities = new LinkedHashMap<>();
        int planned = 1 + rng.weighted(Calibration.LINE_COUNT_WEIGHTS);
        double total = 0;
        while (quantities.size() < Calibration.MAX_LINES
                && (quantities.size() < planned || total < target * Calibration.BASKET_CLOSE_ENOUGH)) {
            double remaining = target - total;
            if (!quantities.isEmpty() && remaining <= 0) {
                break;
            }
            // The value still to fill, spread over the lines still planned (at least one more).
            double share = remaining / Math.max(1, planned - quantities.size());
            int bestIndex = -1;
            long bestQuantity = 0;
            double bestMisfit = Double.POSITIVE_INFINITY;
            for (int drawn = 0, eligible = 0;
                 eligible < Calibration.CANDIDATES_PER_LINE && drawn < Calibration.MAX_DRAWS_PER_LINE; drawn++) {
                Catalogue.Item item = favourites.length > 0 && rng.chance(Calibration.FAVOURITE_SHARE)
                        ? catalogue.pickIn(favourites[rng.nextInt(favourites.length)], rng)
                        : catalogue.pick(rng);
                if (quantities.containsKey(item.index())) {
                    continue;
                }
                double price = unitPrices[item.index()].amount().doubleValue();
                long quantity = rng.weighted(Calibration.QUANTITY_WEIGHTS) + 1L;
                while (quantity > 1 && price * quantity > share) {
                    quantity--;
                }
                double value = price * quantity;
                boolean fits = total + value <= target * Calibration.BASKET_OVERSHOOT;
                if (!fits && !quantities.isEmpty()) {
                    continue;
                }
                // An order needs a first line even if nothing fits; any product that fits beats one that does not.
                double misfit = Math.abs(StrictMath.log(value / share)) + (fits ? 0 : TOO_DEAR);
                eligible += fits ? 1 : 0;
                if (bestIndex < 0 || misfit < bestMisfit) {
                    bestIndex = item.index();
                    bestQuantity = quantity;
                    bestMisfit = misfit;
                }
            }
            if (bestIndex < 0) {
                // Every draw was taken or too dear for what is left: the basket is as full as it gets.
                break;
            }
            quantities.put(bestIndex, bestQuantity);
            total += unitPrices[bestIndex].amount().doubleValue() * bestQuantity;
        }
        List<OrderLine> lines = new ArrayList<>(quantities.size());
        List<Catalogue.Item> items = catalogue.items();
        quantities.forEach((index, quantity) -> lines.add(OrderLine.of(items.get(index).sku(), categories.get(index),
                quantity, unitPrices[index])));
        return lines;
    }
}
