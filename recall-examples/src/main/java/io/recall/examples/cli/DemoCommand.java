package io.recall.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.campaign.Campaign;
import io.recall.campaign.CampaignRecord;
import io.recall.campaign.Contact;
import io.recall.campaign.CustomerOutcome;
import io.recall.campaign.Schedule;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.campaign.OfferMade;
import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.Variable;
import io.recall.delivery.DeliveryEventHandler;
import io.recall.delivery.DeliveryEventStore;
import io.recall.delivery.DeliveryPipeline;
import io.recall.delivery.DeliveryPolicy;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.FrequencyCap;
import io.recall.delivery.Reconciliation;
import io.recall.delivery.SendWindow;
import io.recall.generator.EngagementModel;
import io.recall.generator.ResponseModel;
import io.recall.incentive.BudgetLedger;
import io.recall.journey.Fact;
import io.recall.journey.Journey;
import io.recall.journey.JourneyRunner;
import io.recall.journey.JourneyStore;
import io.recall.measure.Purchase;
import io.recall.generator.ShopGenerator;
import io.recall.incentive.RuleSet;
import io.recall.ingest.GenericCsvWriter;
import io.recall.ingest.InputFormat;
import io.recall.ingest.ProgressListener;
import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.measure.Measurement;
import io.recall.model.Customer;
import io.recall.model.Money;
import io.recall.report.ReportData;
import io.recall.rfm.Binning;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.segment.SegmentScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code recall demo}: the whole product on built-in generated shop data, so it runs on a fresh machine with
 * nothing but a JDK. Generates a shop and writes its orders as a generic CSV; segments it exactly as
 * {@code recall segment} would; fits BG/NBD for each customer's P(alive); runs the example win-back campaign
 * (offers from its rule set, a 20% holdout per segment) into the outbox of an embedded H2 file database; then
 * simulates two weeks: dispatch through in-process loopback providers (no server, no socket) under the send
 * window and an SMS frequency cap, the providers' delivery events (delivered, opened, clicked, from a seeded
 * {@link EngagementModel}) through the pipeline's {@link DeliveryEventHandler}, the shop's purchases with a known
 * uplift, and the example follow-up journeys advanced once a day, their messages taking the same outbox
 * and pipeline; measures the uplift against the holdout; and writes every result into the demo folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a shop, segment it, predict, run a win-back campaign with a holdout through "
                + "loopback channels, simulate responses and measure the uplift.")
final class DemoCommand implements Callable<Integer> {

    /** The attribution window of the demo's measurement. */
    static final Duration WINDOW = Duration.ofDays(14);

    /** The injected uplift per treated customer, by the segment's first channel: what the measurement must find. */
    static final BigDecimal INJECTED_UPLIFT = new BigDecimal("0.06");

    /** The simulated clock's tick: dispatch, delivery events and purchases every two hours. */
    static final Duration STEP = Duration.ofHours(2);

    /** How often the journeys are advanced over the simulated weeks. */
    static final Duration JOURNEY_EVERY = Duration.ofDays(1);

    @Option(names = "--customers", defaultValue = "5000", description = "How many customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same shop.")
    long seed;

    @Option(names = "--scheme", defaultValue = "rfm11", description = "seed4, rfm8, rfm11 or a scheme JSON file.")
    String scheme;

    @Option(names = "--out", defaultValue = "recall-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What the demo produced, for the summary and for tests. */
    record Result(CampaignRecord record, Reconciliation delivery, CampaignResult measured, Map<String, Path> files,
                  double meanAliveTargeted, List<ReportData.ChannelFunnel> funnels,
                  List<ReportData.JourneyLine> journeys) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        // The pipeline logs every dispatch round at INFO; the demo's summary says it better on a terminal.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.recall.delivery") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.recall.delivery", "warn");
        }
        long started = System.nanoTime();
        Result r = run(stdout, UnaryOperator.identity());
        summary(stdout, r, Duration.ofNanos(System.nanoTime() - started));
        return 0;
    }

    /** Runs every step; {@code outboxHook} lets a test wrap the campaign's outbox. */
    Result run(PrintWriter stdout, UnaryOperator<io.recall.delivery.OutboxStore> outboxHook) throws IOException {
        Files.createDirectories(out);
        // 1. Generate a shop: orders to a file (the import reads it as any shop's export), profiles kept for contacts.
        ShopGenerator generator = ShopGenerator.newBuilder().seed(seed).customers(customers).build();
        Path orders = out.resolve("orders.csv");
        Map<String, Contact> contacts = new HashMap<>();
        long rows;
        // The contacts too, in the shape `recall campaign run --contacts` and `recall journeys advance` read.
        try (Writer writer = Files.newBufferedWriter(orders, StandardCharsets.UTF_8);
             GenericCsvWriter csv = GenericCsvWriter.to(writer);
             Writer contactsCsv = Files.newBufferedWriter(out.resolve("contacts.csv"), StandardCharsets.UTF_8)) {
            contactsCsv.write("customer_id,name,email,phone,time_zone\n");
            for (java.util.Iterator<Customer> it = generator.stream().iterator(); it.hasNext(); ) {
                Customer c = it.next();
                csv.write(c.history());
                contacts.put(c.id(), CampaignJob.contact(c.profile(), generator.zone()));
                contactsCsv.write(csvField(c.id()) + ',' + csvField(c.profile().name().orElse("")) + ','
                        + csvField(String.join(";", c.profile().emails())) + ','
                        + csvField(String.join(";", c.profile().phones())) + ','
                        + c.profile().timeZone().orElse(generator.zone()).getId() + '\n');
            }
            rows = csv.rows();
        }
        stdout.printf("generated %,d customers (seed %d): %,d order lines in %s%n", customers, seed, rows, orders);

        // 2. Import and segment, exactly as `recall segment` does.
        SegmentJob.Settings settings = new SegmentJob.Settings(orders, InputFormat.GENERIC, Optional.empty(), scheme,
                Binning.QUANTILE, FrequencyBasis.ORDERS, MonetaryBasis.TOTAL, Optional.empty(),
                Optional.of(out.resolve("segments.csv")), Optional.of(out.resolve("summary.json")),
                Optional.of(out.resolve("model.json")), Optional.empty(), Optional.empty());
        SegmentJob.Result segmented = SegmentJob.run(settings, Progress.forTerminal("importing orders.csv"));
        SegmentCommand.Report.print(stdout, segmented);
        stdout.printf("wrote %s, %s and %s%n", out.resolve("segments.csv"), out.resolve("summary.json"),
                out.resolve("model.json"));
        stdout.flush();

        // 3. The campaign's view: its scheme, plus BG/NBD P(alive) for every customer.
        SegmentScheme seed4 = SegmentJob.loadScheme("seed4");
        Campaign example = Campaign.fromJson(CampaignJob.resource(CampaignJob.EXAMPLE_CAMPAIGN), seed4);
        RuleSet rules = RuleSet.fromJson(CampaignJob.resource(CampaignJob.EXAMPLE_RULES), seed4);
        CustomerBase base = CustomerBase.load(orders, InputFormat.GENERIC, example.scheme(), Optional.empty(), true,
                Progress.forTerminal("predicting"));
        Instant now = base.asOf().atStartOfDay(ZoneOffset.UTC).toInstant();
        // The example's dates are an example: the demo's campaign starts on the shop's as-of day for two weeks.
        Campaign campaign = new Campaign(example.id(), example.kind(), example.scheme(), example.segments(),
                example.filters(), example.holdoutShare(), example.incentives(), example.channelPlans(),
                example.templates(), new Schedule(now, now.plus(WINDOW), example.schedule().sendWindow()));
        Files.writeString(out.resolve("campaign.json"), campaign.toJson(), StandardCharsets.UTF_8);

        // 4. Run the campaign into the outbox of an embedded H2 file database (fresh for each demo run).
        for (String f : List.of("recall-db.mv.db", "recall-db.trace.db")) {
            Files.deleteIfExists(out.resolve(f));
        }
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        CampaignRecord record;
        Reconciliation delivery;
        Simulation sim;
        ResponseModel.SimulatedResponse response;
        BudgetLedger ledger = BudgetLedger.of(rules);
        try (CampaignJob.Database db = CampaignJob.Database.open(CampaignJob.Database.defaultUrl(out), now)) {
            // Most customers agreed to marketing on their channels a month ago; one in twenty never did.
            ConsentLedger consents = new ContactsFile.IndexedLedger();
            for (Contact c : contacts.values()) {
                if (bucket(c.customerId(), 20) != 0) {
                    c.addresses().stream().map(a -> a.channel()).distinct().forEach(ch -> consents.append(
                            ConsentEntry.granted(c.customerId(), ch, Purpose.MARKETING, now.minus(Duration.ofDays(30)),
                                    "demo-1", "checkout")));
                }
            }
            record = CampaignJob.run(campaign, CampaignJob.candidates(base.classifications(), contacts),
                    Optional.of(rules), Optional.of(consents), db.stores.outbox(), now, outboxHook, Optional.of(ledger));
            CampaignJob.write(record, out);
            stdout.printf("campaign %s: %,d targeted, %,d held out, %,d excluded of %,d%n", campaign.id(),
                    record.targeted(), record.heldOut(), record.excluded(), record.considered());
            stdout.flush();

            // Between enqueue and send some customers unsubscribe: the pipeline re-reads consent and suppresses.
            for (CustomerOutcome o : record.outcomes()) {
                if (o.status() == CustomerOutcome.Status.TARGETED && bucket(o.customerId(), 50) == 0) {
                    for (Channel ch : o.channels()) {
                        consents.append(ConsentEntry.withdrawn(o.customerId(), ch, Purpose.MARKETING,
                                now.plusSeconds(1), "demo-1", "unsubscribe-link"));
                    }
                }
            }
            // 5. The shop's response, known in advance: who buys and when (the uplift measurement must find).
            response = responseModel(campaign, seed).simulate(record, WINDOW);

            // 6. Two weeks day by day: dispatch through loopback providers, the providers' delivery events,
            // purchases, and the follow-up journeys, whose messages take the same pipeline.
            sim = simulate(db, consents, campaign, record, contacts, response, now);
            delivery = db.stores.outbox().reconcile();
        }
        writeDelivery(delivery, out.resolve("delivery.json"));

        // 7. Measure against the holdout.
        CampaignResult measured = Measurement.of(WINDOW, rules.currency())
                .measure(record, response.purchases(), response.redemptions());
        Files.writeString(out.resolve("measurement.json"), measured.toJson(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("measurement.csv"), measured.toCsv(), StandardCharsets.UTF_8);

        // 8. The offers' budgets: redeemed offers are committed, those past their expiry released.
        Set<String> converters = new HashSet<>();
        response.purchases().forEach(p -> converters.add(p.customerId()));
        for (CustomerOutcome o : record.outcomes()) {
            if (o.status() == CustomerOutcome.Status.TARGETED && converters.contains(o.customerId())) {
                o.offers().forEach(m -> ledger.commit(m.reservationId(), m.value()));
            }
        }
        ledger.expire(now.plus(WINDOW));

        // 9. The marketer's report from the same results.
        writeReport(out, segmented, record, delivery, measured, sim, ledger, converters);

        double alive = record.outcomes().stream().filter(o -> o.status() == CustomerOutcome.Status.TARGETED)
                .mapToDouble(o -> base.probabilityAlive().getOrDefault(o.customerId(), 0.0)).average().orElse(0);
        for (String f : List.of("orders.csv", "contacts.csv", "segments.csv", "summary.json", "model.json",
                "campaign.json", "campaign-record.json", "campaign-record.csv", "delivery.json", "measurement.json",
                "measurement.csv", "report.html", "report.json", "report.csv")) {
            files.put(f, out.resolve(f));
        }
        return new Result(record, delivery, measured, files, alive, sim.funnels(), sim.journeys());
    }

    /** The known response: base rates per segment plus the injected uplift on every channel of the plan. */
    static ResponseModel responseModel(Campaign campaign, long seed) {
        ResponseModel.Builder model = ResponseModel.newBuilder(seed).spend(Money.of("45.00", "GBP"), 0.6);
        for (String segment : campaign.segments()) {
            model.base(segment, segment.startsWith("important") ? new BigDecimal("0.12") : new BigDecimal("0.06"));
            for (List<Channel> plan : campaign.channelPlans().values()) {
                for (Channel ch : plan) {
                    model.uplift(segment, ch.id(), INJECTED_UPLIFT);
                }
            }
        }
        return model.build();
    }

    /**
     * The known engagement: e-mail delivered 97%, opened 35% of those, clicked 25% of the opened; SMS delivered
     * 98%, its link followed by 30% x 12% (SMS reports no opens); the call-back list reports nothing. Customers
     * who go on to buy open and click twice as often.
     */
    static EngagementModel engagementModel(long seed) {
        return EngagementModel.newBuilder(seed)
                .channel(Channel.EMAIL, new EngagementModel.Rates(0.97, 0.35, 0.25, true))
                .channel(Channel.SMS, new EngagementModel.Rates(0.98, 0.30, 0.12, false))
                .converterLift(2).openDelay(Duration.ofHours(18)).build();
    }


    /** One message a loopback provider accepted. */
    record Sent(String customerId, Channel channel, String key, Optional<String> journey, Instant at) {
    }

    /** What the simulated weeks produced. */
    record Simulation(List<ReportData.ChannelFunnel> funnels, List<ReportData.JourneyLine> journeys) {
    }

    /** Something that happens at a moment of the simulated weeks. */
    private record Timed(Instant at, long order, Runnable action) {
    }

    private Simulation simulate(CampaignJob.Database db, ConsentLedger consents, Campaign campaign,
                                CampaignRecord record, Map<String, Contact> contacts,
                                ResponseModel.SimulatedResponse response, Instant now) {
        // Loopback providers: no external server; some addresses are refused for good.
        List<LoopbackAdapter> adapters = List.of(
                new LoopbackAdapter(Channel.EMAIL, m -> bucket(m.recipient().toString(), 40) == 0),
                new LoopbackAdapter(Channel.SMS, m -> bucket(m.recipient().toString(), 25) == 0),
                new LoopbackAdapter(Channel.CALLBACK_LIST, m -> false));
        // The campaign's send window holds for every e-mail and SMS, follow-ups included, in the customer's zone;
        // and nobody gets more than two marketing texts in a week.
        SendWindow window = campaign.schedule().sendWindow();
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().sendWindow(Channel.EMAIL, window)
                .sendWindow(Channel.SMS, window)
                .frequencyCap(FrequencyCap.perChannel(Channel.SMS, 2, Duration.ofDays(7)))
                .build();
        DeliveryPipeline.Builder pb = DeliveryPipeline.newBuilder().outbox(db.stores.outbox())
                .suppressions(db.stores.suppressions()).consents(consents).policy(policy)
                .frequency(db.stores.frequency()).rateLimiter(db.stores.rateLimiter())
                .random(new java.util.Random(seed)).workerId("demo");
        adapters.forEach(pb::adapter);
        DeliveryPipeline pipeline = pb.build();
        DeliveryEventStore eventStore = db.stores.events();
        DeliveryEventHandler events = DeliveryEventHandler.of(eventStore, pipeline);

        // The follow-up journeys, as data, with their state in the same database.
        JourneyStore journeyStore = JourneyStore.jdbc(db.pool(), now);
        Map<String, List<OfferMade>> offers = new HashMap<>();
        record.outcomes().forEach(o -> offers.put(o.customerId(), o.offers()));
        Map<String, JourneyRunner> runners = new LinkedHashMap<>();
        Map<String, JourneyJob.Tally> tallies = new LinkedHashMap<>();
        for (String resource : JourneyJob.EXAMPLE_JOURNEYS) {
            Journey j = JourneyJob.example(resource);
            runners.put(j.id(), JourneyRunner.builder().journey(j).store(journeyStore).outbox(db.stores.outbox())
                    .contacts(id -> Optional.ofNullable(contacts.get(id)))
                    .variables((i, step) -> offerVariables(offers.getOrDefault(i.customerId(), List.of()),
                            contacts.get(i.customerId())))
                    .build());
            tallies.put(j.id(), new JourneyJob.Tally());
        }

        // Whose message a provider accepted, by its address (an address two customers share is looked up instead).
        Map<Address, String> byAddress = new HashMap<>();
        Set<Address> shared = new HashSet<>();
        contacts.values().forEach(c -> c.addresses().forEach(a -> {
            if (byAddress.putIfAbsent(a, c.customerId()) != null) {
                shared.add(a);
            }
        }));
        shared.forEach(byAddress::remove);
        EngagementModel engagement = engagementModel(seed);
        Set<String> converters = new HashSet<>();
        PriorityQueue<Timed> feed = new PriorityQueue<>(Comparator.comparing(Timed::at).thenComparingLong(Timed::order));
        long[] order = {0};
        for (Purchase p : response.purchases()) {
            converters.add(p.customerId());
            Fact f = new Fact.Purchase(p.customerId(), "demo-" + p.customerId() + "-" + p.at().toEpochMilli(), p.at());
            feed.add(new Timed(p.at(), order[0]++, () -> journeyStore.record(f)));
        }
        List<Sent> sent = new ArrayList<>();
        int[] seen = new int[adapters.size()];
        Instant end = now.plus(WINDOW);
        Instant last = end.plus(Duration.ofDays(7));
        long totalSteps = WINDOW.toMinutes() / STEP.toMinutes();
        ProgressListener progress = Progress.forTerminal("simulating two weeks");
        long step = 0;
        for (Instant t = now; !t.isAfter(last); t = t.plus(STEP), step++) {
            // What happened by now, in time order: events the providers reported, purchases.
            while (!feed.isEmpty() && !feed.peek().at().isAfter(t)) {
                feed.poll().action().run();
            }
            // Journeys move once a day over the campaign's window (the host's scheduler would do the same).
            if (!t.isAfter(end) && step % (JOURNEY_EVERY.toMinutes() / STEP.toMinutes()) == 0) {
                for (Map.Entry<String, JourneyRunner> r : runners.entrySet()) {
                    tallies.get(r.getKey()).add(r.getValue().advance(t));
                }
            }
            while (pipeline.dispatch(t).claimed() > 0) {
                // Drain what is due at this moment before the clock moves on.
            }
            for (int a = 0; a < adapters.size(); a++) {
                List<Message> accepted = adapters.get(a).accepted();
                for (int k = seen[a]; k < accepted.size(); k++) {
                    Message m = accepted.get(k);
                    String customer = Optional.ofNullable(byAddress.get(m.recipient()))
                            .orElseGet(() -> db.stores.outbox().find(m.id()).orElseThrow().customerId());
                    sent.add(new Sent(customer, m.channel(), m.idempotencyKey(),
                            Optional.ofNullable(m.metadata().get("journey")), t));
                    JourneyJob.sentFact(customer, m, t).ifPresent(journeyStore::record);
                    for (DeliveryEvent e : engagement.events(m, t, converters.contains(customer))) {
                        feed.add(new Timed(e.occurredAt(), order[0]++, () -> {
                            events.onEvent(e);
                            Fact.of(e, customer).ifPresent(journeyStore::record);
                        }));
                    }
                }
                seen[a] = accepted.size();
            }
            progress.progress(Math.min(step, totalSteps), totalSteps, sent.size());
            // After the window, once a simulated day: stop when every message has ended.
            if (!t.isBefore(end) && step % (Duration.ofDays(1).toMinutes() / STEP.toMinutes()) == 0) {
                Reconciliation r = db.stores.outbox().reconcile();
                if (r.terminal() == r.enqueued()) {
                    break;
                }
            }
        }
        // Events reported after the last step still reach the event store (the funnel counts them).
        while (!feed.isEmpty()) {
            feed.poll().action().run();
        }
        return new Simulation(funnels(sent, eventStore.all(), response.purchases()),
                journeyLines(tallies, sent));
    }

    /** The offer a follow-up repeats: its text and the day it expires, in the customer's zone. */
    private static Map<String, Variable> offerVariables(List<OfferMade> offers, Contact contact) {
        if (offers.isEmpty()) {
            return Map.of();
        }
        ZoneId zone = contact == null ? ZoneOffset.UTC : contact.zone();
        Instant expires = offers.stream().map(OfferMade::expiresAt).min(Comparator.naturalOrder()).orElseThrow();
        return Map.of("offer", new Variable.Text(offers.stream().map(OfferMade::description)
                        .collect(java.util.stream.Collectors.joining(", "))),
                "offer_expires", new Variable.Date(expires.atZone(zone).toLocalDate()));
    }

    /**
     * The funnel per channel: messages sent; of those, delivered, opened and clicked as the providers reported
     * (a click implies an open and an open a delivery, so each stage counts the messages that reached at least
     * it); and customers sent something on the channel who bought after it.
     */
    static List<ReportData.ChannelFunnel> funnels(List<Sent> sent, List<DeliveryEvent> events,
                                                  List<Purchase> purchases) {
        Map<String, Integer> stage = new HashMap<>();
        for (DeliveryEvent e : events) {
            if (e.idempotencyKey().isEmpty()) {
                continue;
            }
            int s = switch (e.type()) {
                case DELIVERED -> 1;
                case OPENED -> 2;
                case CLICKED -> 3;
                default -> 0;
            };
            stage.merge(e.channel().id() + "\n" + e.idempotencyKey().get(), s, Math::max);
        }
        Map<String, Instant> firstPurchase = new HashMap<>();
        purchases.forEach(p -> firstPurchase.merge(p.customerId(), p.at(), (a, b) -> a.isBefore(b) ? a : b));
        Map<Channel, long[]> counts = new java.util.TreeMap<>(Comparator.comparing(Channel::id));
        Map<Channel, Map<String, Instant>> firstSend = new HashMap<>();
        for (Sent s : sent) {
            long[] c = counts.computeIfAbsent(s.channel(), k -> new long[4]);
            c[0]++;
            int reached = stage.getOrDefault(s.channel().id() + "\n" + s.key(), 0);
            for (int i = 1; i <= reached; i++) {
                c[i]++;
            }
            firstSend.computeIfAbsent(s.channel(), k -> new HashMap<>()).merge(s.customerId(), s.at(),
                    (a, b) -> a.isBefore(b) ? a : b);
        }
        List<ReportData.ChannelFunnel> out = new ArrayList<>();
        counts.forEach((ch, c) -> {
            long converted = firstSend.get(ch).entrySet().stream().filter(e -> {
                Instant bought = firstPurchase.get(e.getKey());
                return bought != null && !bought.isBefore(e.getValue());
            }).count();
            out.add(new ReportData.ChannelFunnel(ch.id(), c[0], c[1], c[2], c[3], converted));
        });
        return out;
    }

    private static List<ReportData.JourneyLine> journeyLines(Map<String, JourneyJob.Tally> tallies, List<Sent> sent) {
        List<ReportData.JourneyLine> out = new ArrayList<>();
        tallies.forEach((id, t) -> out.add(new ReportData.JourneyLine(id, t.entered, t.moves, t.enqueued,
                sent.stream().filter(s -> s.journey().filter(id::equals).isPresent()).count(), t.skipped, t.finished,
                t.exited)));
        return out;
    }

    /**
     * The marketer's report (issue 9): {@code report.html}, {@code report.json} and {@code report.csv} in
     * {@code dir}, with the segments, the R x F heat map, offers and budgets per segment, the funnel per channel,
     * the follow-up journeys and the measured campaign.
     */
    void writeReport(Path dir, SegmentJob.Result segments, CampaignRecord record, Reconciliation delivery,
                     CampaignResult measured, Simulation sim, BudgetLedger ledger, Set<String> converters)
            throws IOException {
        ReportData base = ReportCommand.fromSegmentOutputs(dir.resolve("segments.csv"), dir.resolve("summary.json"),
                "Recall demo: " + record.campaign().id());
        Currency currency = ledger.snapshot().isEmpty() ? base.currency()
                : ledger.snapshot().get(0).used().currency();
        Map<String, long[]> kinds = new TreeMap<>();
        Map<String, Money> kindValues = new TreeMap<>();
        Map<List<String>, long[]> perSegment = new java.util.LinkedHashMap<>();
        Map<List<String>, Money[]> perSegmentValue = new HashMap<>();
        Map<List<String>, String> descriptions = new HashMap<>();
        List<CustomerOutcome> targeted = record.outcomes().stream()
                .filter(o -> o.status() == CustomerOutcome.Status.TARGETED)
                .sorted(Comparator.comparingInt((CustomerOutcome o) -> record.campaign().segments().indexOf(o.segmentId()))
                        .thenComparing(CustomerOutcome::customerId))
                .toList();
        for (CustomerOutcome o : targeted) {
            if (o.offers().isEmpty()) {
                kinds.computeIfAbsent("none", k -> new long[1])[0]++;
                kindValues.putIfAbsent("none", Money.zero(currency));
            }
            boolean redeemed = converters.contains(o.customerId());
            for (OfferMade m : o.offers()) {
                kinds.computeIfAbsent(m.type(), k -> new long[1])[0]++;
                kindValues.merge(m.type(), m.value(), Money::plus);
                List<String> key = List.of(o.segmentId(), m.ruleId());
                long[] n = perSegment.computeIfAbsent(key, k -> new long[2]);
                Money[] v = perSegmentValue.computeIfAbsent(key, k -> new Money[] {Money.zero(currency),
                        Money.zero(currency)});
                descriptions.putIfAbsent(key, m.description());
                n[0]++;
                v[0] = v[0].plus(m.value());
                if (redeemed) {
                    n[1]++;
                    v[1] = v[1].plus(m.value());
                }
            }
        }
        List<ReportData.OfferCount> offerCounts = new ArrayList<>();
        kinds.forEach((k, n) -> offerCounts.add(new ReportData.OfferCount(k, n[0], kindValues.get(k))));
        List<ReportData.SegmentOffer> segmentOffers = new ArrayList<>();
        perSegment.forEach((k, n) -> segmentOffers.add(new ReportData.SegmentOffer(k.get(0), k.get(1),
                descriptions.get(k), n[0], n[1], perSegmentValue.get(k)[0], perSegmentValue.get(k)[1])));
        List<ReportData.BudgetLine> budgets = ledger.snapshot().stream().map(ReportData.BudgetLine::of).toList();
        ReportData data = new ReportData(base.title(), base.asOf(), base.previousAsOf(), base.currency(),
                base.segments(), base.movements(), base.levels(), base.heatMap(), offerCounts, budgets,
                sim.funnels(), List.of(measured), segmentOffers, sim.journeys());
        ReportCommand.render(data, Locale.ENGLISH, dir);
    }

    private static String csvField(String v) {
        return v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 ? v : '"' + v.replace("\"", "\"\"") + '"';
    }

    /** A stable bucket of a key in 0..n-1 (the same on every run and machine). */
    static int bucket(String key, int n) {
        return Math.floorMod(key.hashCode() * 0x9E3779B1, n);
    }

    static void writeDelivery(Reconciliation r, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("enqueued", r.enqueued());
        root.put("balances", r.balances());
        ObjectNode states = root.putObject("states");
        for (DeliveryState s : DeliveryState.values()) {
            ObjectNode node = states.putObject(name(s.name()));
            node.put("count", r.count(s));
            ObjectNode reasons = node.putObject("reasons");
            r.byReason().getOrDefault(s, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> reasons.put(name(e.getKey().name()), e.getValue()));
        }
        root.put("equation", r.toString());
        json.writeValue(file.toFile(), root);
    }

    private static String name(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void summary(PrintWriter o, Result r, Duration took) {
        CampaignRecord c = r.record();
        Reconciliation d = r.delivery();
        CellResult all = r.measured().overall();
        o.printf("%nwin-back campaign '%s' (holdout %s%% per segment)%n", c.campaign().id(),
                c.campaign().holdoutShare().movePointRight(2).stripTrailingZeros().toPlainString());
        o.printf("  audience   %,7d = targeted %,d + held out %,d + excluded %,d %s%n", c.considered(), c.targeted(),
                c.heldOut(), c.excluded(), reasons(c));
        o.printf("  offers     %,7d made, mean P(alive) of the targeted %.2f%n",
                c.outcomes().stream().mapToLong(x -> x.offers().size()).sum(), r.meanAliveTargeted());
        o.printf("  messages   %,7d = sent %,d + suppressed %,d + dead-lettered %,d (+ pending %,d)%n", d.enqueued(),
                d.count(DeliveryState.SENT), d.count(DeliveryState.SUPPRESSED), d.count(DeliveryState.DEAD_LETTERED),
                d.enqueued() - d.count(DeliveryState.SENT) - d.count(DeliveryState.SUPPRESSED)
                        - d.count(DeliveryState.DEAD_LETTERED));
        o.printf(Locale.ROOT, "  conversion treated %.1f%% (%d/%d) vs holdout %.1f%% (%d/%d)%n",
                100.0 * all.treated().converters() / Math.max(1, all.treated().customers()), all.treated().converters(),
                all.treated().customers(),
                100.0 * all.holdout().converters() / Math.max(1, all.holdout().customers()), all.holdout().converters(),
                all.holdout().customers());
        for (ReportData.JourneyLine j : r.journeys()) {
            o.printf("  journey    %s: %,d entered, %,d steps, %,d follow-ups queued (%,d sent), %,d finished, "
                    + "%,d left on purchase%n", j.journey(), j.entered(), j.moves(), j.enqueued(), j.sent(), j.finished(),
                    j.exited());
        }
        for (ReportData.ChannelFunnel f : r.funnels()) {
            o.printf("  funnel     %-13s sent %,d > delivered %,d > opened %,d > clicked %,d; converted %,d%n",
                    f.channel(), f.sent(), f.delivered(), f.opened(), f.clicked(), f.converted());
        }
        all.uplift().ifPresent(u -> o.printf(Locale.ROOT,
                "  uplift     %+.1f points, 95%% CI %+.1f to %+.1f (injected %+.1f)%n", 100 * u.estimate(),
                100 * u.low(), 100 * u.high(), INJECTED_UPLIFT.doubleValue() * 100));
        all.incrementalRevenue().ifPresent(m -> o.printf("  incremental revenue %s (95%% CI %s to %s), incentives %s%n",
                m.estimate(), m.low(), m.high(), all.incentiveCost()));
        all.roi().ifPresent(x -> o.printf(Locale.ROOT, "  ROI        %.2f (%.2f to %.2f)%n", x.estimate(), x.low(),
                x.high()));
        o.printf("wrote %s: report.html (open it in a browser), report.json/.csv, campaign-record.json/.csv, delivery.json,%n"
                + "    measurement.json/.csv, campaign.json, contacts.csv%n", out.toAbsolutePath().normalize());
        o.printf(Locale.ROOT, "done in %.1f s%n", took.toMillis() / 1000.0);
        o.flush();
    }

    private static String reasons(CampaignRecord c) {
        StringBuilder b = new StringBuilder("(");
        c.excludedByReason().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                b.append(b.length() > 1 ? ", " : "").append(name(e.getKey().name())).append(' ').append(e.getValue()));
        return b.append(')').toString();
    }
}
