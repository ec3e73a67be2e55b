package io.recall.delivery.internal;

import io.recall.channels.Address;
import io.recall.delivery.Suppression;
import io.recall.delivery.SuppressionStore;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SuppressionStore} over plain {@code java.sql}, keyed by channel and the SHA-256 of the
 * {@linkplain SuppressionKey#canonical canonical} address, so {@code Ann@example.com} and
 * {@code ann@example.com} share one suppression. The hash is computed here, so the schema is unchanged.
 *
 * <p>Rows written before canonical keys were keyed by the hash of the address exactly as given; look-ups
 * and lifts also match that exact hash, so such a row still suppresses (and is lifted for) the address it
 * was written for.
 */
public final class JdbcSuppressionStore implements SuppressionStore {

    private static final String WHERE = " WHERE channel = ? AND address_hash IN (?, ?)";

    private final DataSource ds;

    /** A store over an already migrated database. */
    public JdbcSuppressionStore(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    @Override
    public boolean suppress(Suppression s) {
        Objects.requireNonNull(s, "suppression");
        String address = Codec.address(s.address());
        String key = SuppressionKey.hash(s.address());
        String exact = Codec.sha256(address);
        return Jdbc.auto(ds, "suppressing an address", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT 1 FROM recall_suppression" + WHERE),
                    s.channel().id(), key, exact);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
            try {
                Jdbc.update(c, "INSERT INTO recall_suppression (channel, address_hash, address, reason, at, source)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", s.channel().id(), key, address,
                        s.reason().name(), s.at(), s.source().length() <= 1000 ? s.source() : s.source().substring(0, 1000));
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
    public Optional<Suppression> find(Address address) {
        Objects.requireNonNull(address, "address");
        return Jdbc.auto(ds, "finding a suppression", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT reason, at, source FROM recall_suppression"
                    + WHERE + " ORDER BY at"), address.channel().id(), SuppressionKey.hash(address),
                    Codec.sha256(Codec.address(address)));
                 ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Suppression(address, Suppression.Reason.valueOf(rs.getString(1)),
                        Jdbc.instant(rs.getLong(2)), rs.getString(3)))
                        : Optional.empty();
            }
        });
    }

    @Override
    public boolean lift(Address address) {
        Objects.requireNonNull(address, "address");
        return Jdbc.auto(ds, "lifting a suppression", c -> Jdbc.update(c, "DELETE FROM recall_suppression" + WHERE,
                address.channel().id(), SuppressionKey.hash(address), Codec.sha256(Codec.address(address))) > 0);
    }
}
