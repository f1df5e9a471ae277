package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.factorline.outreach.GoldenFiles.assertMatchesGolden;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.factorline.outreach.OutreachModels.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every message the planner can compose, rendered from a fixed model and kept as golden files: the HTML
 * and text bodies, and for the notice and the release the text of the PDF letter. A template change shows
 * up as a diff of what the debtor reads. Rewrite on purpose with {@code -Dgolden.rewrite=true}.
 */
class TemplateGoldenTest {

    static final Letters LETTERS = new Letters();

    /** A part of the debtor message and the sentence that only it says. */
    enum Section {
        RELEASE("Our factoring arrangement with them has ended"),
        NOTICE("has chosen Factorline Demo Capital to manage its receivables"),
        NOTICE_REMINDER("A short reminder of our letter of February 23, 2026"),
        REMIT_TO("Payment fraud often starts with a fake change of bank details"),
        REMIT_NOTE("they are passing it on to us, so there is nothing for you to do about it"),
        VERIFICATION_REQUEST("could you please confirm that the following invoice(s) from Harbor Freight Lines LLC"),
        VERIFICATION_REMINDER("we have not yet heard back about the invoices below"),
        VERIFICATION("If something does not match, you can tell us on the same page"),
        STATUS_CHECK("fall due soon. To save everyone a follow-up"),
        FOLLOW_UP_TONE_1("We have not yet seen a payment for the invoice(s) below"),
        FOLLOW_UP_TONE_2("We are following up on the invoice(s) below"),
        LINK("No sign-in needed; the link works on a phone and is valid until April 1, 2026");

        final String sentence;

        Section(String sentence) {
            this.sentence = sentence;
        }
    }

    static Set<Section> sections(Variant v) {
        return switch (v) {
            case WELCOME_NOTICE_AND_VERIFICATION ->
                EnumSet.of(
                        Section.NOTICE,
                        Section.REMIT_TO,
                        Section.VERIFICATION_REQUEST,
                        Section.VERIFICATION,
                        Section.LINK);
            case NOTICE_REMINDER -> EnumSet.of(Section.NOTICE_REMINDER, Section.REMIT_TO, Section.LINK);
            case VERIFICATION_REQUEST -> EnumSet.of(Section.VERIFICATION_REQUEST, Section.VERIFICATION, Section.LINK);
            case VERIFICATION_REMINDER -> EnumSet.of(Section.VERIFICATION_REMINDER, Section.VERIFICATION, Section.LINK);
            case STATUS_CHECK -> EnumSet.of(Section.STATUS_CHECK, Section.LINK);
            case FOLLOW_UP_1 -> EnumSet.of(Section.FOLLOW_UP_TONE_1, Section.LINK);
            case FOLLOW_UP_2 -> EnumSet.of(Section.FOLLOW_UP_TONE_2, Section.LINK);
            case RELEASE -> EnumSet.of(Section.RELEASE);
        };
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theDebtorMessageMatchesItsGoldenFiles(Variant v) throws IOException {
        Letters.Rendered r = LETTERS.debtorMessage(OutreachModels.debtor(v));

        assertMatchesGolden(v.file + ".html", r.html());
        assertMatchesGolden(v.file + ".txt", r.text());
        switch (v) {
            case WELCOME_NOTICE_AND_VERIFICATION -> {
                assertThat(r.attachmentName()).isEqualTo("notice-of-assignment.pdf");
                assertMatchesGolden(v.file + ".pdf.txt", pdfText(r.attachment()));
            }
            case RELEASE -> {
                assertThat(r.attachmentName()).isEqualTo("letter-of-release.pdf");
                assertMatchesGolden(v.file + ".pdf.txt", pdfText(r.attachment()));
            }
            default -> {
                assertThat(r.attachmentName()).isNull();
                assertThat(r.attachment()).isNull();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyPartOfEveryRenderingIsCourteous(Variant v) throws IOException {
        Letters.Rendered r = LETTERS.debtorMessage(OutreachModels.debtor(v));

        assertThat(ToneCheck.problems(r.subject())).isEmpty();
        assertThat(ToneCheck.problems(r.html())).isEmpty();
        assertThat(ToneCheck.problems(r.text())).isEmpty();
        if (r.attachment() != null) {
            assertThat(ToneCheck.problems(pdfText(r.attachment()))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachSectionsSentenceAppearsOnlyWhenTheSectionIsThere(Variant v) {
        Letters.Rendered r = LETTERS.debtorMessage(OutreachModels.debtor(v));
        String html = plain(r.html());
        String text = plain(r.text());
        Set<Section> present = sections(v);

        for (Section s : Section.values()) {
            if (present.contains(s)) {
                assertThat(html).as("HTML of %s has %s", v, s).containsOnlyOnce(s.sentence);
                assertThat(text).as("text of %s has %s", v, s).containsOnlyOnce(s.sentence);
            } else {
                assertThat(html).as("HTML of %s lacks %s", v, s).doesNotContain(s.sentence);
                assertThat(text).as("text of %s lacks %s", v, s).doesNotContain(s.sentence);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theAnswerLinkIsSignedAndTheSameInBothBodies(Variant v) {
        Letters.Rendered r = LETTERS.debtorMessage(OutreachModels.debtor(v));
        String token = OutreachModels.TOKENS.sign(OutreachModels.LINK_ID, OutreachModels.LINK_EXPIRES);
        String link = OutreachModels.BASE_URL + "/d/" + token;

        if (v == Variant.RELEASE) {
            assertThat(r.html()).doesNotContain("/d/");
            assertThat(r.text()).doesNotContain("/d/");
        } else {
            assertThat(r.html()).contains("href=\"" + link + "\"");
            assertThat(r.text()).contains(": " + link + "\n");
        }
        assertThat(r.html()).contains("href=\"mailto:receivables@factorline.example\"");
    }

    @Test
    void theRemitNoteShowsTheRemitToAndItsThanks() {
        Map<String, Object> m = OutreachModels.debtor(Variant.STATUS_CHECK);
        m.put("remitNote", true);
        m.put(
                "remitNoteLines",
                List.of(OutreachModels.line("INV-0871", "", "January 2, 2026", "February 1, 2026", "USD 640.00", 0)));
        Letters.Rendered r = LETTERS.debtorMessage(m);
        assertThat(r.text()).contains("Invoice INV-0871: USD 640.00");

        for (String body : new String[] {plain(r.html()), plain(r.text())}) {
            assertThat(body)
                    .containsOnlyOnce(Section.REMIT_NOTE.sentence)
                    .containsOnlyOnce(Section.REMIT_TO.sentence)
                    .contains(Section.STATUS_CHECK.sentence);
        }
    }

    @Test
    void theLettersSayWhatTheyAreAndWhereToPay() throws IOException {
        String notice = pdfText(LETTERS.debtorMessage(OutreachModels.debtor(Variant.WELCOME_NOTICE_AND_VERIFICATION))
                .attachment());
        String release = pdfText(
                LETTERS.debtorMessage(OutreachModels.debtor(Variant.RELEASE)).attachment());

        assertThat(notice)
                .contains("Notice of assignment")
                .contains("4400123987")
                .contains("12 Court Street")
                .contains(OutreachModels.TOKENS.checkCode("client|debtor|remit-key"));
        assertThat(release).contains("Letter of release").doesNotContain("4400123987");
    }

    @Test
    void theClientMessageMatchesItsGoldenFiles() {
        Letters.Rendered r = LETTERS.clientMessage(OutreachModels.client());

        assertMatchesGolden("client-past-due.html", r.html());
        assertMatchesGolden("client-past-due.txt", r.text());
        assertThat(r.attachment()).isNull();
        // what the client reads is as courteous as what its customers read
        assertThat(ToneCheck.problems(r.text())).isEmpty();
        assertThat(ToneCheck.problems(r.html())).isEmpty();
    }

    static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            return stripper.getText(doc);
        }
    }

    /** What a reader sees: no markup, entities decoded, runs of white space as one space. */
    static String plain(String body) {
        return body.replaceAll("<[^>]*>", " ")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
                .replaceAll("\\s+", " ");
    }
}
