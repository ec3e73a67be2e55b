package io.recall.journey.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.Channel;
import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.internal.JsonInput;
import io.recall.journey.Condition;
import io.recall.journey.Journey;
import io.recall.journey.Reentry;
import io.recall.journey.Step;
import io.recall.journey.Trigger;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads, writes and checks journeys; the one place that knows the JSON shape and the JSON paths. */
public final class JourneyJson {

    private static final String TYPE = "recall-journey";
    private static final int VERSION = 1;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private JourneyJson() {
    }

    /**
     * The structural checks shared by the loader and the constructor, so a built journey and a loaded one
     * fail alike, with the same paths ({@code $.steps[i]} is the i-th step).
     */
    public static List<ConfigProblem> check(String id, String start, List<Step> steps) {
        List<ConfigProblem> p = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            p.add(new ConfigProblem("$.id", "1..64 characters [A-Za-z0-9_.-] starting with a letter or digit",
                    "\"" + id + "\""));
        }
        if (steps.isEmpty()) {
            p.add(new ConfigProblem("$.steps", "at least one step", "an empty list"));
            return p;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String path = "$.steps[" + i + "]";
            if (!ID.matcher(s.id()).matches()) {
                p.add(new ConfigProblem(path + ".id", "1..64 characters [A-Za-z0-9_.-]", "\"" + s.id() + "\""));
            }
            if (index.putIfAbsent(s.id(), i) != null) {
                p.add(new ConfigProblem(path + ".id", "a step id used once", "'" + s.id() + "' again"));
            }
            if (s instanceof Step.Wait w && (w.duration().isNegative() || w.duration().isZero())) {
                p.add(new ConfigProblem(path + ".duration", "a positive ISO-8601 duration", w.duration().toString()));
            }
            if (s instanceof Step.Send send && send.templateId().isBlank()) {
                p.add(new ConfigProblem(path + ".template", "a template id", "a blank string"));
            }
        }
        if (!index.containsKey(start)) {
            p.add(new ConfigProblem("$.start", "the id of a step", "\"" + start + "\""));
        }
        boolean dangling = false;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            List<String> next = s.successors();
            for (int k = 0; k < next.size(); k++) {
                if (!index.containsKey(next.get(k))) {
                    dangling = true;
                    p.add(new ConfigProblem("$.steps[" + i + "]." + successorName(s, k), "the id of a step",
                            "\"" + next.get(k) + "\""));
                }
            }
        }
        if (dangling || !index.containsKey(start)) {
            return p; // the graph checks below need every edge to land
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (reached.add(s)) {
                todo.addAll(steps.get(index.get(s)).successors());
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!reached.contains(steps.get(i).id())) {
                p.add(new ConfigProblem("$.steps[" + i + "]", "a step reachable from the start '" + start + "'",
                        "unreachable step '" + steps.get(i).id() + "'"));
            }
        }
        // A cycle made only of sends and branches would loop within one advance; a wait on it bounds it.
        int[] colour = new int[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            if (colour[i] == 0) {
                Integer on = cycleWithoutWait(i, steps, index, colour);
                if (on != null) {
                    p.add(new ConfigProblem("$.steps[" + on + "]", "a wait on every cycle",
                            "a cycle without a wait through '" + steps.get(on).id() + "'"));
                }
            }
        }
        // A send's message key is per entry and step, so a second visit in one entry would be deduplicated
        // away by the outbox; rather than silently not sending, a send may not lie on a cycle.
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Send && reaches(steps.get(i).successors(), steps.get(i).id(), steps, index)) {
                p.add(new ConfigProblem("$.steps[" + i + "]", "a send step on no cycle (a message is sent once per entry)",
                        "a cycle back to '" + steps.get(i).id() + "'"));
            }
        }
        return p;
    }

    private static boolean reaches(List<String> from, String target, List<Step> steps, Map<String, Integer> index) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (s.equals(target)) {
                return true;
            }
            if (seen.add(s)) {
                todo.addAll(steps.get(index.get(s)).successors());
            }
        }
        return false;
    }

    // Depth-first over edges leaving non-wait steps; grey (1) on the stack, black (2) done.
    private static Integer cycleWithoutWait(int i, List<Step> steps, Map<String, Integer> index, int[] colour) {
        colour[i] = 1;
        Step s = steps.get(i);
        if (!(s instanceof Step.Wait)) {
            for (String n : s.successors()) {
                int j = index.get(n);
                if (colour[j] == 1) {
                    colour[i] = 2;
                    return j;
                }
                if (colour[j] == 0) {
                    Integer found = cycleWithoutWait(j, steps, index, colour);
                    if (found != null) {
                        colour[i] = 2;
                        return found;
                    }
                }
            }
        }
        colour[i] = 2;
        return null;
    }

    private static String successorName(Step s, int k) {
        if (s instanceof Step.Branch) {
            return k == 0 ? "then" : "else";
        }
        return "next";
    }

    /** Every send must use a channel the host can deliver on. */
    public static List<ConfigProblem> checkChannels(List<Step> steps, Set<Channel> channels) {
        List<ConfigProblem> p = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Send s && !channels.contains(s.channel())) {
                p.add(new ConfigProblem("$.steps[" + i + "].channel", "one of " + channels.stream().map(Channel::id)
                        .sorted().toList(), "'" + s.channel().id() + "'"));
            }
        }
        return p;
    }

    /** Loads and validates a journey; shape problems are collected and thrown together, then graph problems. */
    public static Journey read(String json, Set<Channel> channels) {
        JsonInput in = new JsonInput("journey");
        JsonNode root = in.document(json, TYPE, VERSION, Set.of("type", "version", "id", "trigger", "reentry",
                "exitOnPurchase", "start", "steps"));
        String id = in.requiredText(root, "id", "$").orElse("");
        Trigger trigger = trigger(in, root.get("trigger"));
        Reentry reentry = reentry(in, root.get("reentry"));
        boolean exitOnPurchase = false;
        JsonNode exit = root.get("exitOnPurchase");
        if (exit != null && !exit.isBoolean()) {
            in.problem("$.exitOnPurchase", "true or false", JsonInput.describe(exit));
        } else if (exit != null) {
            exitOnPurchase = exit.booleanValue();
        }
        String start = in.requiredText(root, "start", "$").orElse("");
        List<Step> steps = new ArrayList<>();
        Optional<JsonNode> array = in.requiredArray(root, "steps", "$");
        if (array.isPresent()) {
            for (int i = 0; i < array.get().size(); i++) {
                step(in, array.get().get(i), "$.steps[" + i + "]").ifPresent(steps::add);
            }
        }
        in.throwIfProblems();
        List<ConfigProblem> p = new ArrayList<>(check(id, start, steps));
        p.addAll(checkChannels(steps, channels));
        if (!p.isEmpty()) {
            throw new ConfigException("journey", p);
        }
        return new Journey(id, trigger, reentry, exitOnPurchase, start, steps);
    }

    private static Trigger trigger(JsonInput in, JsonNode node) {
        String path = "$.trigger";
        if (!in.object(node, path)) {
            return null;
        }
        String kind = in.requiredText(node, "kind", path).orElse("");
        switch (kind) {
            case "not-opened" -> {
                in.onlyKnown(node, path, Set.of("kind", "within"));
                return duration(in, node, "within", path).map(Trigger.NotOpened::new).orElse(null);
            }
            case "clicked-no-purchase" -> {
                in.onlyKnown(node, path, Set.of("kind", "within"));
                return duration(in, node, "within", path).map(Trigger.ClickedNoPurchase::new).orElse(null);
            }
            case "purchased" -> {
                in.onlyKnown(node, path, Set.of("kind"));
                return new Trigger.Purchased();
            }
            case "coupon-expiring" -> {
                in.onlyKnown(node, path, Set.of("kind", "daysBefore"));
                var days = in.requiredLong(node, "daysBefore", path, 1, 365);
                return days.isPresent() ? new Trigger.CouponExpiring((int) days.getAsLong()) : null;
            }
            default -> {
                if (!kind.isEmpty()) {
                    in.problem(path + ".kind", "one of not-opened, clicked-no-purchase, purchased, coupon-expiring",
                            "\"" + kind + "\"");
                }
                return null;
            }
        }
    }

    private static Reentry reentry(JsonInput in, JsonNode node) {
        String path = "$.reentry";
        if (node == null) {
            return Reentry.never();
        }
        if (!in.object(node, path)) {
            return null;
        }
        in.onlyKnown(node, path, Set.of("kind", "coolDown"));
        String kind = in.requiredText(node, "kind", path).orElse("");
        if (kind.equals("never")) {
            return Reentry.never();
        }
        if (kind.equals("after")) {
            return duration(in, node, "coolDown", path).map(Reentry::after).orElse(null);
        }
        if (!kind.isEmpty()) {
            in.problem(path + ".kind", "one of never, after", "\"" + kind + "\"");
        }
        return null;
    }

    private static Optional<Step> step(JsonInput in, JsonNode node, String path) {
        if (!in.object(node, path)) {
            return Optional.empty();
        }
        String id = in.requiredText(node, "id", path).orElse(null);
        String kind = in.requiredText(node, "kind", path).orElse("");
        switch (kind) {
            case "send" -> {
                in.onlyKnown(node, path, Set.of("id", "kind", "channel", "template", "next"));
                Optional<Channel> channel = in.requiredText(node, "channel", path).flatMap(c -> {
                    try {
                        return Optional.of(Channel.of(c));
                    } catch (IllegalArgumentException e) {
                        in.problem(path + ".channel", "a channel id", "\"" + c + "\"");
                        return Optional.empty();
                    }
                });
                Optional<String> template = in.requiredText(node, "template", path);
                Optional<String> next = in.requiredText(node, "next", path);
                if (id != null && channel.isPresent() && template.isPresent() && next.isPresent()) {
                    return Optional.of(new Step.Send(id, channel.get(), template.get(), next.get()));
                }
            }
            case "wait" -> {
                in.onlyKnown(node, path, Set.of("id", "kind", "duration", "next"));
                Optional<Duration> d = duration(in, node, "duration", path);
                Optional<String> next = in.requiredText(node, "next", path);
                if (id != null && d.isPresent() && next.isPresent()) {
                    return Optional.of(new Step.Wait(id, d.get(), next.get()));
                }
            }
            case "branch" -> {
                in.onlyKnown(node, path, Set.of("id", "kind", "if", "then", "else"));
                Optional<Condition> c = in.requiredText(node, "if", path).flatMap(t -> {
                    Optional<Condition> found = Condition.byId(t);
                    if (found.isEmpty()) {
                        in.problem(path + ".if", "one of opened, clicked, purchased", "\"" + t + "\"");
                    }
                    return found;
                });
                Optional<String> yes = in.requiredText(node, "then", path);
                Optional<String> no = in.requiredText(node, "else", path);
                if (id != null && c.isPresent() && yes.isPresent() && no.isPresent()) {
                    return Optional.of(new Step.Branch(id, c.get(), yes.get(), no.get()));
                }
            }
            case "exit" -> {
                in.onlyKnown(node, path, Set.of("id", "kind"));
                if (id != null) {
                    return Optional.of(new Step.Exit(id));
                }
            }
            default -> {
                if (!kind.isEmpty()) {
                    in.problem(path + ".kind", "one of send, wait, branch, exit", "\"" + kind + "\"");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Duration> duration(JsonInput in, JsonNode parent, String name, String path) {
        return in.requiredText(parent, name, path).flatMap(t -> {
            try {
                Duration d = Duration.parse(t);
                if (d.isNegative() || d.isZero()) {
                    in.problem(path + "." + name, "a positive ISO-8601 duration such as P3D", "\"" + t + "\"");
                    return Optional.empty();
                }
                return Optional.of(d);
            } catch (DateTimeParseException e) {
                in.problem(path + "." + name, "an ISO-8601 duration such as P3D or PT12H", "\"" + t + "\"");
                return Optional.empty();
            }
        });
    }

    /** The journey as JSON in the shape {@link #read} accepts. */
    public static String write(Journey j) {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", TYPE).put("version", VERSION).put("id", j.id());
        ObjectNode t = root.putObject("trigger");
        if (j.trigger() instanceof Trigger.NotOpened n) {
            t.put("kind", "not-opened").put("within", n.within().toString());
        } else if (j.trigger() instanceof Trigger.ClickedNoPurchase c) {
            t.put("kind", "clicked-no-purchase").put("within", c.within().toString());
        } else if (j.trigger() instanceof Trigger.CouponExpiring c) {
            t.put("kind", "coupon-expiring").put("daysBefore", c.daysBefore());
        } else {
            t.put("kind", "purchased");
        }
        ObjectNode r = root.putObject("reentry");
        j.reentry().coolDown().ifPresentOrElse(d -> r.put("kind", "after").put("coolDown", d.toString()),
                () -> r.put("kind", "never"));
        root.put("exitOnPurchase", j.exitOnPurchase()).put("start", j.start());
        ArrayNode steps = root.putArray("steps");
        for (Step s : j.steps()) {
            ObjectNode o = steps.addObject().put("id", s.id());
            if (s instanceof Step.Send send) {
                o.put("kind", "send").put("channel", send.channel().id()).put("template", send.templateId())
                        .put("next", send.next());
            } else if (s instanceof Step.Wait w) {
                o.put("kind", "wait").put("duration", w.duration().toString()).put("next", w.next());
            } else if (s instanceof Step.Branch b) {
                o.put("kind", "branch").put("if", b.condition().id()).put("then", b.ifTrue()).put("else", b.ifFalse());
            } else {
                o.put("kind", "exit");
            }
        }
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write journey " + j.id(), e);
        }
    }
}
