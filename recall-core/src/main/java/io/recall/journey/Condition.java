package io.recall.journey;

import java.util.Locale;
import java.util.Optional;

/** What a branch asks about the current entry, as of the moment it is evaluated. */
public enum Condition {
    /** A message this entry sent was opened (or clicked, which implies it was opened). */
    OPENED,
    /** A message this entry sent was clicked. */
    CLICKED,
    /** The customer purchased since this entry began. */
    PURCHASED;

    /** The JSON id: {@code opened}, {@code clicked}, {@code purchased}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The condition with this JSON id. */
    public static Optional<Condition> byId(String id) {
        for (Condition c : values()) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
