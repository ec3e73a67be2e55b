package io.recall.report.internal;

import io.recall.model.Money;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;

/** Escaping and number formats for the HTML report. */
public final class Html {

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values (XML-safe too). */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters other than tab, newline and carriage return are not allowed in XML.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A count with grouping, such as {@code 12,345}. */
    public static String count(long n, Locale locale) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** An amount with its currency symbol and the currency's minor digits, such as {@code £3,200.00}. */
    public static String money(Money m, Locale locale) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(m.currency());
        int digits = Math.max(m.currency().getDefaultFractionDigits(), 0);
        f.setMinimumFractionDigits(Math.max(digits, Math.min(m.amount().scale(), 6)));
        f.setMaximumFractionDigits(Math.max(digits, Math.min(m.amount().scale(), 6)));
        return f.format(m.amount());
    }

    /** An amount exactly as a plain decimal, such as {@code 3200.00}. */
    public static String plain(Money m) {
        return m.amount().toPlainString();
    }

    /** A fixed number of decimals, such as {@code 2.4}. */
    public static String fixed(double v, int decimals, Locale locale) {
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(locale));
        return f.format(BigDecimal.valueOf(v));
    }

    /** A rate (0.041) as a percentage with one decimal ({@code 4.1 %}). */
    public static String percent(double rate, Locale locale) {
        return fixed(rate * 100, 1, locale) + (locale.getLanguage().equals("zh") ? "%" : " %");
    }

    /** A rate difference (0.012) in percentage points with a sign and one decimal ({@code +1.2}). */
    public static String points(double diff, Locale locale) {
        String s = fixed(diff * 100, 1, locale);
        return diff * 100 >= 0.05 ? "+" + s : s;
    }

    /** A number for SVG geometry: plain, at most two decimals, no grouping. */
    public static String num(double v) {
        return new BigDecimal(Math.round(v * 100)).movePointLeft(2).stripTrailingZeros().toPlainString();
    }
}
