package io.recall.incentive;

/** How the engine orders the matching rules of equal priority. */
public enum SelectionStrategy {
    /** The offer worth most to the customer first, as long as the budgets allow it. */
    BEST_FOR_CUSTOMER("best-for-customer"),
    /** Among offers expected to work (uptake at least the rule set's minimum), the cheapest first. */
    CHEAPEST_EXPECTED_TO_WORK("cheapest-expected-to-work");

    private final String jsonName;

    SelectionStrategy(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The JSON name. */
    public String jsonName() {
        return jsonName;
    }
}
