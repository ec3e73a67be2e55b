package io.recall.delivery.internal;

import io.recall.channels.DeliveryEvent;
import io.recall.delivery.DeliveryEventStore;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link DeliveryEventStore} over plain {@code java.sql}; a unique fingerprint drops repeated events. */
public final class JdbcDeliveryEventStore implements DeliveryEventStore {

    private final DataSource ds;

    /** A store over an already migrated database. */
    public JdbcDeliveryEventStore(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    @Override
    public boolean append(DeliveryEvent event) {
        String json = Codec.event(Objects.requireNonNull(event, "event"));
        return Jdbc.auto(ds, "storing a delivery event", c -> {
            try {
                Jdbc.update(c, "INSERT INTO recall_delivery_event (fingerprint, event) VALUES (?, ?)", Codec.sha256(json), json);
                return true;
            } catch (SQLException x) {
                if (Jdbc.isDuplicateKey(x)) {
                    return false;
                }
                throw x;
            }
        });
    }

    @Override
    public boolean contains(DeliveryEvent event) {
        String fingerprint = Codec.sha256(Codec.event(Objects.requireNonNull(event, "event")));
        return Jdbc.auto(ds, "looking up a delivery event", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(
                    "SELECT COUNT(*) FROM recall_delivery_event WHERE fingerprint = ?"), fingerprint);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        });
    }

    @Override
    public List<DeliveryEvent> all() {
        return Jdbc.auto(ds, "reading delivery events", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event FROM recall_delivery_event ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                List<DeliveryEvent> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(Codec.event(rs.getString(1)));
                }
                return List.copyOf(all);
            }
        });
    }
}
