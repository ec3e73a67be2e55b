package io.recall.examples.templates;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.RenderResult;
import io.recall.channels.RenderResult.Problem;
import io.recall.channels.TemplateRenderer;
import io.recall.channels.Variable;
import io.recall.examples.sms.SmsLength;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders messages from Mustache templates (JMustache), one file per template, channel, locale and part.
 *
 * <p><b>Layout.</b> {@code ROOT/TEMPLATE_ID/CHANNEL/LOCALE/PART.mustache}, such as
 * {@code winback/email/zh-CN/subject.mustache}, where {@code LOCALE} is a BCP 47 tag and the parts are the
 * channel's: e-mail {@code subject} and {@code text} (required) and {@code html} (optional); SMS {@code text};
 * push {@code title} (optional) and {@code text}; any other channel {@code text}. The root is a class-path
 * folder ({@link #fromClasspath}) or a directory ({@link #fromDirectory}).
 *
 * <p><b>Locale fallback.</b> The message's locale, then less specific forms of it, then the default locale
 * (English unless {@link #withDefaultLocale} says otherwise) and its less specific forms: {@code zh-Hans-CN} tries
 * {@code zh-Hans-CN}, {@code zh-Hans}, {@code zh-CN}, {@code zh}, then {@code en}; {@code zh-CN} tries
 * {@code zh-CN}, {@code zh}, {@code en}. The first locale that has all the required parts wins, and all parts
 * come from it (never a Chinese subject over an English body). Values are formatted (money, dates) in the
 * locale of the template used.
 *
 * <p><b>Escaping.</b> Variables are HTML-escaped ({@code & < > " ' ` =}) in {@code html} parts and nowhere
 * else: subjects, text and SMS carry them as they are. A triple mustache {@code {{{x}}}} in an HTML part opts
 * out and should not be used with customer data.
 *
 * <p><b>Strictness.</b> A variable or section the template names but the message lacks is a
 * {@link Problem.Kind#MISSING_VARIABLE} problem (a flag must be given, true or false); an SMS longer than
 * {@link #withMaxSmsParts} parts is {@link Problem.Kind#TOO_LONG}. {@link #validate} finds the same problems for a
 * campaign before anything is sent.
 *
 * <p>Templates are read and compiled once, on first use (or by {@link #validate}), and kept. Immutable settings;
 * thread-safe.
 */
public final class MustacheTemplateRenderer implements TemplateRenderer {

    /** The class-path root of the example templates shipped with this module. */
    public static final String EXAMPLES = "io/recall/examples/templates";

    private static final Set<String> SPECIAL = Set.of("this", ".", "-first", "-last", "-index");
    private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).strictSections(true);
    private static final Mustache.Compiler PLAIN = Mustache.compiler().escapeHTML(false).strictSections(true);

    private final String where;
    private final Function<String, Optional<String>> source;
    private final Locale defaultLocale;
    private final int maxSmsParts;
    private final Map<String, Compiled> cache;

    /** A part's compiled template, or why it could not be compiled; empty when there is no file. */
    private record Compiled(Optional<Template> template, Optional<String> error) {
    }

    /** The parts a channel's templates have, in order, and whether each is required. */
    private record Part(String name, boolean required) {
    }

    private MustacheTemplateRenderer(String where, Function<String, Optional<String>> source, Locale defaultLocale,
                                     int maxSmsParts, Map<String, Compiled> cache) {
        this.where = where;
        this.source = source;
        this.defaultLocale = defaultLocale;
        this.maxSmsParts = maxSmsParts;
        this.cache = cache;
    }

    /** Templates under {@code root} on this module's class path, such as {@link #EXAMPLES}. */
    public static MustacheTemplateRenderer fromClasspath(String root) {
        return fromClasspath(MustacheTemplateRenderer.class.getClassLoader(), root);
    }

    /** Templates under {@code root} on {@code loader}'s class path. */
    public static MustacheTemplateRenderer fromClasspath(ClassLoader loader, String root) {
        Objects.requireNonNull(loader, "loader");
        String prefix = trimSlashes(Objects.requireNonNull(root, "root"));
        return new MustacheTemplateRenderer("classpath:" + prefix, path -> {
            try (InputStream in = loader.getResourceAsStream(prefix + "/" + path)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Locale.ENGLISH, 3, new ConcurrentHashMap<>());
    }

    /** Templates in a directory of the file system. */
    public static MustacheTemplateRenderer fromDirectory(Path directory) {
        Path dir = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        return new MustacheTemplateRenderer(dir.toString(), path -> {
            Path file = dir.resolve(path);
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                        : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Locale.ENGLISH, 3, new ConcurrentHashMap<>());
    }

    /** This renderer falling back to {@code locale} last (default English). */
    public MustacheTemplateRenderer withDefaultLocale(Locale locale) {
        return new MustacheTemplateRenderer(where, source, Objects.requireNonNull(locale, "locale"), maxSmsParts,
                new ConcurrentHashMap<>());
    }

    /** This renderer allowing SMS of at most {@code parts} parts (default 3). */
    public MustacheTemplateRenderer withMaxSmsParts(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("maxSmsParts must be at least 1 but was " + parts);
        }
        return new MustacheTemplateRenderer(where, source, defaultLocale, parts, cache);
    }

    /**
     * The locales tried for {@code locale}, most specific first, ending with the default locale's forms.
     *
     * @param locale the message's locale; {@link Locale#ROOT} tries the default locale only
     * @return BCP 47 tags, without repeats
     */
    public List<String> fallback(Locale locale) {
        Set<String> tags = new LinkedHashSet<>();
        addForms(tags, Objects.requireNonNull(locale, "locale"));
        addForms(tags, defaultLocale);
        return List.copyOf(tags);
    }

    private static void addForms(Set<String> tags, Locale l) {
        if (l.getLanguage().isEmpty()) {
            return;
        }
        String lang = l.getLanguage();
        tags.add(l.stripExtensions().toLanguageTag());
        if (!l.getScript().isEmpty()) {
            tags.add(lang + "-" + l.getScript() + (l.getCountry().isEmpty() ? "" : "-" + l.getCountry()));
            tags.add(lang + "-" + l.getScript());
        }
        if (!l.getCountry().isEmpty()) {
            tags.add(lang + "-" + l.getCountry());
        }
        tags.add(lang);
    }

    @Override
    public RenderResult render(Message message) {
        Objects.requireNonNull(message, "message");
        String id = message.templateId();
        Resolved resolved;
        try {
            resolved = resolve(id, message.channel(), message.locale());
        } catch (UncheckedIOException e) {
            return RenderResult.failed(new Problem(Problem.Kind.TEMPLATE_ERROR, id, "source",
                    "cannot read templates from " + where + ": " + e.getCause()));
        }
        if (resolved.problem().isPresent()) {
            return RenderResult.failed(resolved.problem().get());
        }
        Locale used = Locale.forLanguageTag(resolved.tag());
        Map<String, Object> model = new HashMap<>();
        message.variables().forEach((name, value) -> model.put(name, value.toTemplateModel(used)));
        Map<String, String> parts = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        resolved.templates().forEach((part, template) -> {
            try {
                String text = template.execute(model);
                parts.put(part, trimmed(message.channel(), part) ? text.strip() : text);
            } catch (MustacheException.Context e) {
                problems.add(new Problem(Problem.Kind.MISSING_VARIABLE, id, e.key,
                        detail(resolved.tag(), message.channel(), part) + ", line " + e.lineNo));
            } catch (MustacheException e) {
                problems.add(new Problem(Problem.Kind.TEMPLATE_ERROR, id, part,
                        detail(resolved.tag(), message.channel(), part) + ": " + e.getMessage()));
            }
        });
        if (problems.isEmpty() && message.channel().equals(Channel.SMS)) {
            smsLength(id, resolved.tag(), parts.get(RenderResult.Rendered.TEXT)).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            return new RenderResult.Failed(problems);
        }
        return RenderResult.of(parts);
    }

    /**
     * Checks a campaign's template before anything is sent: that it exists for the channel in every locale (after
     * fallback), that the campaign provides every variable it uses, and, for SMS, that a rendering with the
     * campaign's sample values fits in {@link #withMaxSmsParts} parts.
     *
     * @param templateId the campaign's template
     * @param channel    the channel it is sent on
     * @param locales    the locales of the campaign's audience
     * @param variables  the variables every message of the campaign carries, with sample values (for an SMS, the
     *                   longest likely ones); item lists name their fields through their first item
     * @return every problem found, naming template, locale and variable; empty when the campaign may be sent
     */
    public List<Problem> validate(String templateId, Channel channel, Collection<Locale> locales,
                                  Map<String, Variable> variables) {
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(variables, "variables");
        List<Problem> problems = new ArrayList<>();
        Set<String> provided = new TreeSet<>(variables.keySet());
        variables.values().stream().filter(Variable.Items.class::isInstance).map(Variable.Items.class::cast)
                .flatMap(items -> items.items().stream()).forEach(item -> provided.addAll(item.keySet()));
        for (Locale locale : new LinkedHashSet<>(Objects.requireNonNull(locales, "locales"))) {
            Resolved resolved;
            try {
                resolved = resolve(templateId, channel, locale);
            } catch (UncheckedIOException e) {
                problems.add(new Problem(Problem.Kind.TEMPLATE_ERROR, templateId, "source",
                        "cannot read templates from " + where + ": " + e.getCause()));
                continue;
            }
            if (resolved.problem().isPresent()) {
                problems.add(resolved.problem().get());
                continue;
            }
            int before = problems.size();
            resolved.templates().forEach((part, template) -> {
                Set<String> used = new TreeSet<>();
                template.visit(new Names(used));
                for (String name : used) {
                    if (!provided.contains(name)) {
                        problems.add(new Problem(Problem.Kind.MISSING_VARIABLE, templateId, name,
                                "locale " + locale.toLanguageTag() + ", template locale " + resolved.tag()
                                        + ", channel " + channel + ", part " + part));
                    }
                }
            });
            if (problems.size() == before) {
                Message sample = Message.newBuilder().id("validation").idempotencyKey("validation")
                        .recipient(sampleRecipient(channel)).templateId(templateId).locale(locale)
                        .purpose(io.recall.channels.Purpose.MARKETING).variables(variables).build();
                if (sample.channel().equals(channel)) {
                    problems.addAll(render(sample).problems());
                }
            }
        }
        return List.copyOf(problems);
    }

    private Optional<Problem> smsLength(String id, String tag, String text) {
        if (text == null) {
            return Optional.empty();
        }
        SmsLength length = SmsLength.of(text);
        if (length.parts() <= maxSmsParts) {
            return Optional.empty();
        }
        String why = length.alphabet() == SmsLength.Alphabet.UCS2
                ? " (UCS-2 because of '" + SmsLength.nonGsm7Characters(text) + "')" : "";
        return Optional.of(new Problem(Problem.Kind.TOO_LONG, id, RenderResult.Rendered.TEXT, "locale " + tag
                + ": " + length.units() + " " + (length.alphabet() == SmsLength.Alphabet.GSM7 ? "GSM-7 septets" : "UCS-2 units")
                + why + " need " + length.parts() + " parts of " + length.alphabet().multipartLimit()
                + "; at most " + maxSmsParts + " allowed"));
    }

    private record Resolved(String tag, Map<String, Template> templates, Optional<Problem> problem) {
    }

    private Resolved resolve(String id, Channel channel, Locale locale) {
        List<String> tried = fallback(locale);
        for (String tag : tried) {
            Map<String, Template> templates = new LinkedHashMap<>();
            boolean complete = true;
            for (Part part : parts(channel)) {
                Compiled compiled = compiled(id + "/" + channel.id() + "/" + tag + "/" + part.name() + ".mustache",
                        part.name().equals(RenderResult.Rendered.HTML));
                if (compiled.error().isPresent()) {
                    return new Resolved(tag, Map.of(), Optional.of(new Problem(Problem.Kind.TEMPLATE_ERROR, id,
                            part.name(), detail(tag, channel, part.name()) + ": " + compiled.error().get())));
                }
                if (compiled.template().isPresent()) {
                    templates.put(part.name(), compiled.template().get());
                } else if (part.required()) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                return new Resolved(tag, templates, Optional.empty());
            }
        }
        return new Resolved("", Map.of(), Optional.of(Problem.missingTemplate(id, "no " + channel + " template for locale "
                + locale.toLanguageTag() + " (tried " + String.join(", ", tried) + ") under " + where + "; needs "
                + parts(channel).stream().filter(Part::required).map(p -> p.name() + ".mustache")
                .collect(Collectors.joining(" and ")))));
    }

    private Compiled compiled(String path, boolean html) {
        return cache.computeIfAbsent(path, p -> {
            Optional<String> text = source.apply(p);
            if (text.isEmpty()) {
                return new Compiled(Optional.empty(), Optional.empty());
            }
            try {
                return new Compiled(Optional.of((html ? HTML : PLAIN).compile(text.get())), Optional.empty());
            } catch (MustacheException e) {
                return new Compiled(Optional.empty(), Optional.of(e.getMessage()));
            }
        });
    }

    private static List<Part> parts(Channel channel) {
        if (channel.equals(Channel.EMAIL)) {
            return List.of(new Part(RenderResult.Rendered.SUBJECT, true), new Part(RenderResult.Rendered.TEXT, true),
                    new Part(RenderResult.Rendered.HTML, false));
        } else if (channel.equals(Channel.PUSH)) {
            return List.of(new Part(RenderResult.Rendered.TITLE, false), new Part(RenderResult.Rendered.TEXT, true));
        }
        return List.of(new Part(RenderResult.Rendered.TEXT, true));
    }

    /** Subjects, titles and SMS lose the trailing newline a template file ends with; bodies keep their layout. */
    private static boolean trimmed(Channel channel, String part) {
        return part.equals(RenderResult.Rendered.SUBJECT) || part.equals(RenderResult.Rendered.TITLE)
                || channel.equals(Channel.SMS);
    }

    private static String detail(String tag, Channel channel, String part) {
        return "locale " + tag + ", channel " + channel + ", part " + part;
    }

    private static io.recall.channels.Address sampleRecipient(Channel channel) {
        if (channel.equals(Channel.EMAIL)) {
            return new io.recall.channels.Address.Email("validation@example.invalid");
        } else if (channel.equals(Channel.SMS)) {
            return new io.recall.channels.Address.Phone("+15555550100");
        } else if (channel.equals(Channel.PUSH)) {
            return new io.recall.channels.Address.PushToken("validation",
                    io.recall.channels.Address.PushToken.Platform.ANDROID);
        } else if (channel.isBuiltIn()) {
            return new io.recall.channels.Address.Email("validation@example.invalid");   // sample render skipped
        }
        return new io.recall.channels.Address.Custom(channel, "validation");
    }

    private static String trimSlashes(String root) {
        String r = root;
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /** Collects the top-level names a template uses: variables and sections, at any depth. */
    private static final class Names implements Mustache.Visitor {
        private final Set<String> names;

        Names(Set<String> names) {
            this.names = names;
        }

        private void add(String name) {
            if (!SPECIAL.contains(name)) {
                int dot = name.indexOf('.');
                names.add(dot > 0 ? name.substring(0, dot) : name);
            }
        }

        @Override
        public void visitText(String text) {
        }

        @Override
        public void visitVariable(String name) {
            add(name);
        }

        @Override
        public boolean visitInclude(String name) {
            return false;
        }

        @Override
        public boolean visitSection(String name) {
            add(name);
            return true;
        }

        @Override
        public boolean visitInvertedSection(String name) {
            add(name);
            return true;
        }
    }
}
