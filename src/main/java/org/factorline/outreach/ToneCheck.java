package org.factorline.outreach;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses wording that threatens a debtor. Every message is checked before it enters the outbox, and every
 * template is checked in the build: Factorline asks, reminds and helps; it never threatens legal action,
 * collection agencies, credit damage, penalties or the like.
 */
public final class ToneCheck {

    private record Rule(Pattern pattern, String what) {}

    private static final List<Rule> RULES = List.of(
            rule("legal (action|proceedings?|steps|remed(y|ies))", "legal action"),
            rule(
                    "law ?suits?|litigation|sued|suing|take (you|this) to court|court (action|order)|judg(e)?ments?|attorneys?|lawyers?",
                    "legal action"),
            rule(
                    "collection (agency|agencies|firm|bureau)|debt collect\\w*|sent (to|for) collections?",
                    "collection agency"),
            rule("credit (damage|rating|score|report\\w*|bureau\\w*|history)", "credit damage"),
            rule("garnish\\w*|seiz\\w*|repossess\\w*", "seizure"),
            rule("penalt(y|ies)|late fees?|interest charges?", "penalties"),
            rule("final (notice|demand|warning)|last chance|demand (letter|for payment)|ultimatum", "final demand"),
            rule("(or|otherwise) (else|we will)|failure to pay will|immediately or", "threat"),
            rule("blacklist\\w*|report(ed)? you", "threat"));

    private static Rule rule(String regex, String what) {
        return new Rule(Pattern.compile("\\b(" + regex + ")\\b", Pattern.CASE_INSENSITIVE), what);
    }

    private ToneCheck() {}

    /** The threatening phrases found, each with what kind of threat it is; empty when the text is courteous. */
    public static List<String> problems(String text) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC)
                // zero-width characters cannot hide a word, nor hyphens split one ("late-fees")
                .replaceAll("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]", "")
                .replaceAll("<[^>]*>", " ")
                .replaceAll("[-\\u2010-\\u2015_/]", " ")
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
        return RULES.stream()
                .flatMap(r -> r.pattern().matcher(plain).results().map(m -> "\"" + m.group() + "\" (" + r.what() + ")"))
                .distinct()
                .toList();
    }

    /** Refuses a text with threatening wording, naming every phrase. */
    public static void require(String what, String text) {
        List<String> found = problems(text);
        if (!found.isEmpty()) {
            throw new IllegalStateException(what + " has wording that threatens the debtor: " + String.join(", ", found)
                    + ". Messages to debtors must stay courteous.");
        }
    }
}
