package io.recall.rfm;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Objects;

/**
 * How RFM metrics are computed.
 *
 * @param currency       the currency of the monetary metric
 * @param zone           the shop's time zone: it decides which calendar day an instant falls on
 * @param frequencyBasis orders or distinct days
 * @param monetaryBasis  total or average per occasion
 * @param converter      converts other currencies into {@code currency}; {@link CurrencyConverter#NONE} refuses
 */
public record RfmOptions(Currency currency, ZoneId zone, FrequencyBasis frequencyBasis, MonetaryBasis monetaryBasis,
                         CurrencyConverter converter) {

    /** Validates that nothing is missing. */
    public RfmOptions {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(frequencyBasis, "frequencyBasis");
        Objects.requireNonNull(monetaryBasis, "monetaryBasis");
        Objects.requireNonNull(converter, "converter");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency " + currency + " has no minor unit");
        }
    }

    /** Orders, total spend, UTC days, no conversion. */
    public static RfmOptions of(Currency currency) {
        return new RfmOptions(currency, ZoneOffset.UTC, FrequencyBasis.ORDERS, MonetaryBasis.TOTAL, CurrencyConverter.NONE);
    }

    /** These options in another time zone. */
    public RfmOptions withZone(ZoneId zone) {
        return new RfmOptions(currency, zone, frequencyBasis, monetaryBasis, converter);
    }

    /** These options with another frequency basis. */
    public RfmOptions withFrequencyBasis(FrequencyBasis basis) {
        return new RfmOptions(currency, zone, basis, monetaryBasis, converter);
    }

    /** These options with another monetary basis. */
    public RfmOptions withMonetaryBasis(MonetaryBasis basis) {
        return new RfmOptions(currency, zone, frequencyBasis, basis, converter);
    }

    /** These options with a currency converter. */
    public RfmOptions withConverter(CurrencyConverter converter) {
        return new RfmOptions(currency, zone, frequencyBasis, monetaryBasis, converter);
    }
}
