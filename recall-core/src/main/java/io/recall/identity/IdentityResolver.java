package io.recall.identity;

import io.recall.internal.Masking;
import io.recall.model.Consent;
import io.recall.model.CustomerProfile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves profile records from several sources into people. Immutable and thread-safe.
 *
 * <p>Two records are one person when they share a normalised value of a match key (or name each other
 * through {@link MatchKey#LINKED_ID}); merges are transitive. The result is a pure function of the
 * <em>set</em> of records: their order, and whether they arrive in one batch or several, changes
 * nothing, and resolving a result's own records again gives the same result. Invalid and blocklisted
 * contact values are reported in {@link Resolution#rejections()} and never used.
 */
public final class IdentityResolver {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String BLOCKED = "on the blocklist of shared contacts: never used to match";

    private final IdentityRules rules;
    private final Set<String> blockedEmails = new HashSet<>();
    private final Set<String> blockedPhones = new HashSet<>();
    private final Set<String> blockedOther = new HashSet<>();

    private IdentityResolver(IdentityRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        for (String value : rules.blocklist()) {
            normalizeEmail(value).ifPresent(blockedEmails::add);
            rules.phones().normalize(value, rules.defaultRegion()).e164().ifPresent(blockedPhones::add);
            blockedOther.add(value.strip());
        }
    }

    /** A resolver with the given rules. */
    public static IdentityResolver of(IdentityRules rules) {
        return new IdentityResolver(rules);
    }

    /** The rules in use. */
    public IdentityRules rules() {
        return rules;
    }

    /**
     * Normalises an e-mail address: trimmed and lower-cased; empty when it is not an address
     * ({@code local@domain.tld}, no spaces). Idempotent.
     */
    public static Optional<String> normalizeEmail(String raw) {
        String email = raw.strip().toLowerCase(Locale.ROOT);
        return EMAIL.matcher(email).matches() ? Optional.of(email) : Optional.empty();
    }

    /** One record with its normalised match values. */
    private record Node(ProfileRecord record, String key, List<String> emails, List<String> phones) {
    }

    private record Edge(int from, int to, MatchKey key, String value) {
    }

    /** Resolves a set of records (duplicates of one {@code source:id} are one record; the newest wins). */
    public Resolution resolve(Collection<ProfileRecord> input) {
        // Canonical order first: everything after depends only on the set.
        Map<String, ProfileRecord> byKey = new TreeMap<>();
        for (ProfileRecord record : input) {
            byKey.merge(record.key(), record, (a, b) -> withConsentsOfBoth(newer(a, b), a, b));
        }
        List<ContactRejection> rejections = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (ProfileRecord record : byKey.values()) {
            nodes.add(normalise(record, rejections));
        }
        List<Edge> edges = edges(nodes);
        int[] parent = new int[nodes.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        List<Edge> tree = new ArrayList<>();
        for (Edge edge : edges) {
            int a = find(parent, edge.from());
            int b = find(parent, edge.to());
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
                tree.add(edge);
            }
        }
        Map<Integer, List<Integer>> clusters = new TreeMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            clusters.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        Map<Integer, List<MergeLink>> linksByCluster = new HashMap<>();
        for (Edge edge : tree) {
            linksByCluster.computeIfAbsent(find(parent, edge.from()), k -> new ArrayList<>())
                    .add(new MergeLink(nodes.get(edge.from()).key(), nodes.get(edge.to()).key(), edge.key(),
                            mask(edge.key(), edge.value())));
        }
        List<ResolvedCustomer> customers = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> cluster : clusters.entrySet()) {
            List<Node> members = cluster.getValue().stream().map(nodes::get).toList();
            customers.add(merge(members, linksByCluster.getOrDefault(cluster.getKey(), List.of())));
        }
        customers.sort(Comparator.comparing(ResolvedCustomer::id));
        rejections.sort(Comparator.comparing(ContactRejection::record).thenComparing(ContactRejection::key)
                .thenComparing(ContactRejection::masked));
        return new Resolution(customers, rejections);
    }

    /** A newer copy of a record replaces its facts, but not what the customer said earlier on other channels. */
    private static ProfileRecord withConsentsOfBoth(ProfileRecord winner, ProfileRecord a, ProfileRecord b) {
        if (a.consents().isEmpty() && b.consents().isEmpty()) {
            return winner;
        }
        java.util.SortedSet<Consent> all = new java.util.TreeSet<>(Comparator.comparing((Consent c) -> c.channel().id())
                .thenComparing(Consent::at).thenComparing(Consent::granted));
        all.addAll(a.consents());
        all.addAll(b.consents());
        return new ProfileRecord(winner.source(), winner.observedAt(), winner.profile(), winner.linkedIds(),
                List.copyOf(all));
    }

    private static ProfileRecord newer(ProfileRecord a, ProfileRecord b) {
        int byTime = a.observedAt().compareTo(b.observedAt());
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        // Same record, same time, different content: pick deterministically rather than by arrival.
        return a.toString().compareTo(b.toString()) <= 0 ? a : b;
    }

    private Node normalise(ProfileRecord record, List<ContactRejection> rejections) {
        String key = record.key();
        List<String> emails = new ArrayList<>();
        for (String raw : record.profile().emails()) {
            Optional<String> email = normalizeEmail(raw);
            if (email.isEmpty()) {
                rejections.add(new ContactRejection(key, MatchKey.EMAIL, Masking.email(raw.strip()),
                        "not an e-mail address"));
            } else if (blockedEmails.contains(email.get())) {
                rejections.add(new ContactRejection(key, MatchKey.EMAIL, Masking.email(email.get()), BLOCKED));
            } else if (!emails.contains(email.get())) {
                emails.add(email.get());
            }
        }
        List<String> phones = new ArrayList<>();
        for (String raw : record.profile().phones()) {
            PhoneNormalizer.Result result = rules.phones().normalize(raw, rules.defaultRegion());
            if (result.e164().isEmpty()) {
                rejections.add(new ContactRejection(key, MatchKey.PHONE, Masking.phone(raw.strip()),
                        result.reason().orElseThrow()));
            } else if (blockedPhones.contains(result.e164().get())) {
                rejections.add(new ContactRejection(key, MatchKey.PHONE, Masking.phone(result.e164().get()), BLOCKED));
            } else if (!phones.contains(result.e164().get())) {
                phones.add(result.e164().get());
            }
        }
        record.profile().memberId().map(String::strip).filter(blockedOther::contains).ifPresent(member ->
                rejections.add(new ContactRejection(key, MatchKey.MEMBER_ID, Masking.id(member), BLOCKED)));
        return new Node(record, key, emails, phones);
    }

    private List<Edge> edges(List<Node> nodes) {
        // Each shared value joins the records that carry it to the first of them (in canonical order).
        Map<MatchKey, Map<String, Integer>> firstWith = new java.util.EnumMap<>(MatchKey.class);
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            CustomerProfile p = node.record().profile();
            if (rules.keys().contains(MatchKey.EMAIL)) {
                for (String email : node.emails()) {
                    link(firstWith, edges, i, MatchKey.EMAIL, email, false, node);
                }
            }
            if (rules.keys().contains(MatchKey.PHONE)) {
                for (String phone : node.phones()) {
                    link(firstWith, edges, i, MatchKey.PHONE, phone, false, node);
                }
            }
            if (rules.keys().contains(MatchKey.MEMBER_ID) && p.memberId().isPresent() && !p.memberId().get().isBlank()) {
                String member = p.memberId().get().strip();
                link(firstWith, edges, i, MatchKey.MEMBER_ID, member, blockedOther.contains(member), node);
            }
            if (rules.keys().contains(MatchKey.LINKED_ID)) {
                // A record's own key and the keys it links to are values like any other: records that
                // name the same key (with or without a profile of its own) are one person.
                link(firstWith, edges, i, MatchKey.LINKED_ID, node.key(), false, node);
                for (String linked : node.record().linkedIds()) {
                    link(firstWith, edges, i, MatchKey.LINKED_ID, linked.strip(), false, node);
                }
            }
        }
        edges.sort(Comparator.comparingInt(Edge::from).thenComparingInt(Edge::to).thenComparing(Edge::key)
                .thenComparing(Edge::value));
        return edges;
    }

    private void link(Map<MatchKey, Map<String, Integer>> firstWith, List<Edge> edges, int i, MatchKey key,
                      String value, boolean blocked, Node node) {
        if (blocked) {
            return; // a shared contact must not merge strangers (reported when normalised)
        }
        Integer first = firstWith.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(value, i);
        if (first != null && first != i) {
            edges.add(new Edge(first, i, key, value));
        }
    }

    private static String mask(MatchKey key, String value) {
        return switch (key) {
            case EMAIL -> Masking.email(value);
            case PHONE -> Masking.phone(value);
            case MEMBER_ID -> Masking.id(value);
            case LINKED_ID -> value;
        };
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Orders members by trust: source priority (unlisted sources equal, after the listed), then the newest, then the key. */
    private Comparator<Node> trust() {
        Comparator<Node> bySource = Comparator.comparingInt(n -> {
            int at = rules.sourcePriority().indexOf(n.record().source());
            return at < 0 ? Integer.MAX_VALUE : at;
        });
        return bySource.thenComparing((Node n) -> n.record().observedAt(), Comparator.reverseOrder())
                .thenComparing(Node::key);
    }

    private ResolvedCustomer merge(List<Node> members, List<MergeLink> links) {
        List<Node> trusted = new ArrayList<>(members);
        trusted.sort(trust());
        // The id must not change when a source sends a newer copy: most trusted source, then smallest key.
        Comparator<Node> stable = Comparator.comparingInt((Node n) -> {
            int at = rules.sourcePriority().indexOf(n.record().source());
            return at < 0 ? Integer.MAX_VALUE : at;
        }).thenComparing(Node::key);
        String id = members.stream().min(stable).orElseThrow().key();
        Map<String, FieldSource> provenance = new TreeMap<>();
        CustomerProfile.Builder merged = CustomerProfile.newBuilder(id);
        first(trusted, p -> p.name(), "name", provenance).ifPresent(merged::name);
        first(trusted, p -> box(p.birthYear()), "birthYear", provenance).ifPresent(merged::birthYear);
        first(trusted, CustomerProfile::ageBand, "ageBand", provenance).ifPresent(merged::ageBand);
        first(trusted, CustomerProfile::gender, "gender", provenance).ifPresent(merged::gender);
        first(trusted, CustomerProfile::timeZone, "timeZone", provenance).ifPresent(merged::timeZone);
        first(trusted, CustomerProfile::locale, "locale", provenance).ifPresent(merged::locale);
        first(trusted, CustomerProfile::memberId, "memberId", provenance).ifPresent(merged::memberId);
        first(trusted, CustomerProfile::memberTier, "memberTier", provenance).ifPresent(merged::memberTier);
        first(trusted, CustomerProfile::country, "country", provenance).ifPresent(merged::country);
        merged.emails(union(trusted, Node::emails, "emails", provenance));
        merged.phones(union(trusted, Node::phones, "phones", provenance));
        List<String> records = members.stream().map(Node::key).sorted().toList();
        List<String> aliases = rules.keys().contains(MatchKey.LINKED_ID)
                ? members.stream().flatMap(n -> n.record().linkedIds().stream()).map(String::strip)
                        .filter(k -> !records.contains(k)).distinct().sorted().toList()
                : List.of();
        return new ResolvedCustomer(merged.build(), records, aliases, provenance, links, consents(members, provenance));
    }

    /**
     * The newest statement per channel, whatever the source's priority: consent is what the customer said last,
     * not what the most trusted system believes.
     */
    private static List<Consent> consents(List<Node> members, Map<String, FieldSource> provenance) {
        Map<String, Consent> byChannel = new TreeMap<>();
        for (Node node : members) {
            for (Consent consent : node.record().consents()) {
                byChannel.merge(consent.channel().id(), consent, (a, b) -> a.supersedes(b) ? a : b);
            }
        }
        byChannel.forEach((channel, c) -> provenance.put("consents." + channel,
                new FieldSource(c.source(), c.recordId(), c.at())));
        return List.copyOf(byChannel.values());
    }

    private static Optional<Integer> box(java.util.OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }

    private static <T> Optional<T> first(List<Node> trusted, Function<CustomerProfile, Optional<T>> field, String name,
                                         Map<String, FieldSource> provenance) {
        for (Node node : trusted) {
            Optional<T> value = field.apply(node.record().profile());
            if (value.isPresent()) {
                provenance.put(name, FieldSource.of(node.record()));
                return value;
            }
        }
        return Optional.empty();
    }

    private static List<String> union(List<Node> trusted, Function<Node, List<String>> field, String name,
                                      Map<String, FieldSource> provenance) {
        Set<String> values = new LinkedHashSet<>();
        for (Node node : trusted) {
            List<String> own = field.apply(node);
            if (!own.isEmpty() && values.isEmpty()) {
                provenance.put(name, FieldSource.of(node.record()));
            }
            values.addAll(own);
        }
        return List.copyOf(values);
    }
}
