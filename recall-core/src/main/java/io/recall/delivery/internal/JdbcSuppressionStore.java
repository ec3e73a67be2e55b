package io.recall.delivery.internal;

import io.recall.channels.Address;
import io.recall.delivery.Suppression;
import io.recall.delivery.SuppressionStore;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    /**
     * {@link #find} for many addresses in one query per channel (and {@value RoundReads#CHUNK} hashes); of several rows
     * for one address (canonical and exact key), the earliest.
     */
    List<Optional<Suppression>> find(List<Address> addresses) {
        List<String[]> keys = new ArrayList<>(addresses.size()); // channel, canonical hash, exact hash
        Map<String, Set<String>> hashes = new LinkedHashMap<>(); // by channel: the primary key's order
        for (Address a : addresses) {
            String[] k = {a.channel().id(), SuppressionKey.hash(a), Codec.sha256(Codec.address(a))};
            keys.add(k);
            Set<String> ofChannel = hashes.computeIfAbsent(k[0], x -> new LinkedHashSet<>());
            ofChannel.add(k[1]);
            ofChannel.add(k[2]);
        }
        Map<String, Suppression.Reason> reasons = new HashMap<>();
        Map<String, Long> ats = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (Map.Entry<String, Set<String>> channel : hashes.entrySet()) {
            List<String> all = List.copyOf(channel.getValue());
            for (int from = 0; from < all.size(); from += RoundReads.CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + RoundReads.CHUNK));
                Object[] values = new Object[chunk.size() + 1];
                values[0] = channel.getKey();
                System.arraycopy(chunk.toArray(), 0, values, 1, chunk.size());
                Jdbc.auto(ds, "finding suppressions", c -> {
                    try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT channel, address_hash, reason, at,"
                            + " source FROM recall_suppression WHERE channel = ? AND address_hash IN ("
                            + RoundReads.placeholders(chunk.size()) + ")"), values);
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String key = rs.getString(1) + "\n" + rs.getString(2);
                            reasons.put(key, Suppression.Reason.valueOf(rs.getString(3)));
                            ats.put(key, rs.getLong(4));
                            sources.put(key, rs.getString(5));
                        }
                        return null;
                    }
                });
            }
        }
        List<Optional<Suppression>> found = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            String[] k = keys.get(i);
            String best = null;
            for (String key : new String[] {k[0] + "\n" + k[1], k[0] + "\n" + k[2]}) {
                if (ats.containsKey(key) && (best == null || ats.get(key) < ats.get(best))) {
                    best = key;
                }
            }
            found.add(best == null ? Optional.empty() : Optional.of(new Suppression(addresses.get(i), reasons.get(best),
                    Jdbc.instant(ats.get(best)), sources.get(best))));
        }
        return found;
    }

    @Override
    public boolean lift(Address address) {
        Objects.requireNonNull(address, "address");
        return Jdbc.auto(ds, "lifting a suppression", c -> Jdbc.update(c, "DELETE FROM recall_suppression" + WHERE,
                address.channel().id(), SuppressionKey.hash(address), Codec.sha256(Codec.address(address))) > 0);
    }
}
