package io.recall.predict;

import java.util.List;

/** Checks shared by the model constructors. */
final class Models {

    private Models() {
    }

    static void requirePositive(String model, List<String> names, double... values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException(model + " parameter " + names.get(i) + " must be finite and > 0 but was "
                        + values[i]);
            }
        }
    }
}
