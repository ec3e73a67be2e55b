package io.recall.internal;

/** Masks personal identifiers for logs, explanations and reports. */
public final class Masking {

    private Masking() {
    }

    /** {@code john.doe@example.com} becomes {@code j***@example.com}. */
    public static String email(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code +447700900123} becomes {@code +44*******123}: country code and last three digits. */
    public static String phone(String phone) {
        if (phone.length() <= 6) {
            return "***";
        }
        String head = phone.startsWith("+") ? phone.substring(0, 3) : phone.substring(0, 1);
        return head + "*".repeat(phone.length() - head.length() - 3) + phone.substring(phone.length() - 3);
    }

    /** Keeps the first and last two characters of an id: {@code M12345678} becomes {@code M***78}. */
    public static String id(String id) {
        return id.length() <= 3 ? "***" : id.charAt(0) + "***" + id.substring(id.length() - 2);
    }
}
