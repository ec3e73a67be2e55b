package io.recall.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of rendering one message: its text parts, or every problem that prevented it.
 */
public sealed interface RenderResult {

    /** The rendered parts, if rendering succeeded. */
    Optional<Rendered> rendered();

    /** The problems, empty exactly when rendering succeeded. */
    List<Problem> problems();

    /** A success with these parts. */
    static Rendered of(Map<String, String> parts) {
        return new Rendered(parts);
    }

    /** A failure with these problems (at least one). */
    static Failed failed(Problem first, Problem... more) {
        List<Problem> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return new Failed(all);
    }

    /**
     * Rendered text by part name. Part names are the channel's: {@value #SUBJECT}, {@value #TEXT} and
     * {@value #HTML} for e-mail; {@value #TEXT} for SMS; {@value #TITLE} and {@value #TEXT} for push; a
     * channel may define more (a webhook's {@code json}).
     *
     * @param parts text by part name; at least one part
     */
    record Rendered(Map<String, String> parts) implements RenderResult {

        /** An e-mail subject, or a push notification's title where the channel has no {@value #TITLE}. */
        public static final String SUBJECT = "subject";
        /** A plain-text body: an e-mail's text part, an SMS, a push notification's body. */
        public static final String TEXT = "text";
        /** An HTML body. */
        public static final String HTML = "html";
        /** A push notification's title. */
        public static final String TITLE = "title";

        /** Copies the parts and requires at least one. */
        public Rendered {
            parts = Map.copyOf(Objects.requireNonNull(parts, "parts"));
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a rendered message needs at least one part");
            }
        }

        /** One part, if rendered. */
        public Optional<String> part(String name) {
            return Optional.ofNullable(parts.get(Objects.requireNonNull(name, "name")));
        }

        /** Returns this. */
        @Override
        public Optional<Rendered> rendered() {
            return Optional.of(this);
        }

        /** Returns an empty list. */
        @Override
        public List<Problem> problems() {
            return List.of();
        }
    }

    /**
     * Rendering failed.
     *
     * @param problems every problem found, at least one
     */
    record Failed(List<Problem> problems) implements RenderResult {

        /** Copies the problems and requires at least one. */
        public Failed {
            problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a failed rendering needs at least one problem");
            }
        }

        /** Returns empty. */
        @Override
        public Optional<Rendered> rendered() {
            return Optional.empty();
        }

        /** The problems on one line, such as {@code "missing variable 'firstName' in template winback-1"}. */
        public String summary() {
            return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        }
    }

    /**
     * One reason a message could not be rendered.
     *
     * @param kind     what went wrong
     * @param template the template id
     * @param subject  what it concerns: the variable's name, or the template part
     * @param detail   more for the operator (the locale tried, the type expected); may be empty
     */
    record Problem(Kind kind, String template, String subject, String detail) {

        /** What went wrong. */
        public enum Kind {
            /** No template with this id exists for the channel and locale. */
            MISSING_TEMPLATE,
            /** The template uses a variable the message does not carry. */
            MISSING_VARIABLE,
            /** A variable has a type the template cannot use (a list where text was expected). */
            WRONG_VARIABLE_TYPE,
            /** The rendered text breaks a channel limit (an SMS too long, a push payload over its size). */
            TOO_LONG,
            /** The template itself is broken. */
            TEMPLATE_ERROR
        }

        /** Validates that nothing is missing. */
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }

        /** A variable the template needs is missing from the message. */
        public static Problem missingVariable(String template, String variable) {
            return new Problem(Kind.MISSING_VARIABLE, template, variable, "");
        }

        /** There is no such template. */
        public static Problem missingTemplate(String template, String detail) {
            return new Problem(Kind.MISSING_TEMPLATE, template, template, detail);
        }

        /** One line for operators, naming the kind, the subject and the template. */
        @Override
        public String toString() {
            String head = switch (kind) {
                case MISSING_TEMPLATE -> "missing template '" + template + "'";
                case MISSING_VARIABLE -> "missing variable '" + subject + "' in template '" + template + "'";
                case WRONG_VARIABLE_TYPE -> "wrong type for variable '" + subject + "' in template '" + template + "'";
                case TOO_LONG -> "part '" + subject + "' of template '" + template + "' is too long";
                case TEMPLATE_ERROR -> "error in template '" + template + "' at " + subject;
            };
            return detail.isEmpty() ? head : head + " (" + detail + ")";
        }
    }
}
