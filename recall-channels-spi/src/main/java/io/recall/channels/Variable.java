package io.recall.channels;

import java.math.BigDecimal;
import java.net.URI;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A typed value a template fills in: text, a number, an amount of money, a date, a link, a flag, or a
 * list of items.
 *
 * <p>Typed rather than pre-formatted so that each renderer formats in the message's locale and a
 * missing or mistyped value is caught when a campaign is validated. {@link #toTemplateModel(Locale)}
 * gives the plain Java objects that template engines (Mustache and the like) understand.
 */
public sealed interface Variable {

    /**
     * This value as a template engine's model: localised text for scalars, a {@link Boolean} for a
     * {@link Flag}, and a {@code List<Map<String, Object>>} for {@link Items}.
     *
     * @param locale the message's locale, which decides number, money and date formats
     */
    Object toTemplateModel(Locale locale);

    /**
     * Plain text.
     *
     * @param value any text, possibly empty; renderers escape it for HTML parts
     */
    record Text(String value) implements Variable {

        /** Rejects null. */
        public Text {
            Objects.requireNonNull(value, "value");
        }

        /** Returns the text. */
        @Override
        public Object toTemplateModel(Locale locale) {
            return value;
        }
    }

    /**
     * A number that is not money (points, a count, a percentage).
     *
     * @param value the exact value
     */
    record Decimal(BigDecimal value) implements Variable {

        /** Rejects null. */
        public Decimal {
            Objects.requireNonNull(value, "value");
        }

        /** The number with the locale's grouping and decimal separators, all its digits kept. */
        @Override
        public Object toTemplateModel(Locale locale) {
            NumberFormat format = NumberFormat.getNumberInstance(locale);
            format.setMaximumFractionDigits(Math.max(0, value.scale()));
            format.setMinimumFractionDigits(Math.max(0, value.scale()));
            return format.format(value);
        }
    }

    /**
     * An amount of money. Exact: never binary floating point.
     *
     * @param amount   the amount in major units, such as {@code 12.50}
     * @param currency its currency
     */
    record Money(BigDecimal amount, Currency currency) implements Variable {

        /** Rejects null and amounts finer than the currency's minor unit. */
        public Money {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            int digits = currency.getDefaultFractionDigits();
            if (digits >= 0 && amount.stripTrailingZeros().scale() > digits) {
                throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more decimals than "
                        + currency + " allows (" + digits + ")");
            }
        }

        /** The amount in the locale's currency format, such as {@code ¥88.00} or {@code £12.50}. */
        @Override
        public Object toTemplateModel(Locale locale) {
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(currency);
            int digits = Math.max(0, currency.getDefaultFractionDigits());
            format.setMinimumFractionDigits(digits);
            format.setMaximumFractionDigits(digits);
            return format.format(amount);
        }
    }

    /**
     * A calendar date, such as an offer's last day, already in the customer's time zone.
     *
     * @param value the date
     */
    record Date(LocalDate value) implements Variable {

        /** Rejects null. */
        public Date {
            Objects.requireNonNull(value, "value");
        }

        /** The date in the locale's medium style, such as {@code 5 Mar 2025} or {@code 2025年3月5日}. */
        @Override
        public Object toTemplateModel(Locale locale) {
            return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(value);
        }
    }

    /**
     * A moment, shown in the time zone it carries (the customer's own).
     *
     * @param value the date, time and zone
     */
    record DateTime(ZonedDateTime value) implements Variable {

        /** Rejects null. */
        public DateTime {
            Objects.requireNonNull(value, "value");
        }

        /** The date and time in the locale's medium style, in the value's own zone. */
        @Override
        public Object toTemplateModel(Locale locale) {
            return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale).format(value);
        }
    }

    /**
     * A link, such as an offer page or a one-click unsubscribe URL.
     *
     * @param value an absolute URI
     */
    record Link(URI value) implements Variable {

        /** Requires an absolute URI. */
        public Link {
            Objects.requireNonNull(value, "value");
            if (!value.isAbsolute()) {
                throw new IllegalArgumentException("link must be an absolute URI but was '" + value + "'");
            }
        }

        /** The URI as text. */
        @Override
        public Object toTemplateModel(Locale locale) {
            return value.toString();
        }
    }

    /**
     * A yes/no value a template branches on, such as whether the customer has a coupon.
     *
     * @param value the flag
     */
    record Flag(boolean value) implements Variable {

        /** The flag as a {@link Boolean}, so templates can branch on it. */
        @Override
        public Object toTemplateModel(Locale locale) {
            return value;
        }
    }

    /**
     * A list of items with named fields, such as the products a customer viewed.
     *
     * @param items the items in order; each maps field names (variable names) to values
     */
    record Items(List<Map<String, Variable>> items) implements Variable {

        /** Copies the items and checks every field name. */
        public Items {
            Objects.requireNonNull(items, "items");
            List<Map<String, Variable>> copy = new ArrayList<>(items.size());
            for (Map<String, Variable> item : items) {
                Objects.requireNonNull(item, "item");
                item.keySet().forEach(name -> Message.checkVariableName(name));
                copy.add(Map.copyOf(item));
            }
            items = List.copyOf(copy);
        }

        /** A list of maps (fields in name order) of each field's template model. */
        @Override
        public Object toTemplateModel(Locale locale) {
            List<Map<String, Object>> model = new ArrayList<>(items.size());
            for (Map<String, Variable> item : items) {
                Map<String, Object> fields = new LinkedHashMap<>();
                new TreeMap<>(item).forEach((name, value) -> fields.put(name, value.toTemplateModel(locale)));
                model.add(fields);
            }
            return model;
        }
    }
}
