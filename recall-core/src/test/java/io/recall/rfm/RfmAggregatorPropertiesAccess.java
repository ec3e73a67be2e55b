package io.recall.rfm;

import io.recall.model.CustomerHistory;
import net.jqwik.api.Arbitrary;

/** Shares the history generator of {@link RfmAggregatorProperties} with other properties. */
final class RfmAggregatorPropertiesAccess {

    private RfmAggregatorPropertiesAccess() {
    }

    static Arbitrary<CustomerHistory> histories() {
        return new RfmAggregatorProperties().histories();
    }
}
