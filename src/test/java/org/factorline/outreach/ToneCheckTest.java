package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Debtors are asked and reminded, never threatened: each family of threats is caught however it is spelled. */
class ToneCheckTest {

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            We may have to take legal action.                          | legal action
            We will start LEGAL   PROCEEDINGS next week.               | legal action
            Our next step is Legal Steps.                              | legal action
            We will file a lawsuit.                                    | legal action
            A law suit may follow.                                     | legal action
            Our ATTORNEY will contact you.                             | legal action
            We have passed this to our lawyers.                        | legal action
            We will take you to court.                                 | legal action
            The account goes to a collection agency.                   | collection agency
            It may be handed to a Collection Bureau.                   | collection agency
            Our debt collectors will call.                             | collection agency
            Your account will be sent to collections.                  | collection agency
            This could damage your credit rating.                      | credit damage
            We will notify the CREDIT BUREAUS.                         | credit damage
            Non-payment goes on your credit report.                    | credit damage
            We report to credit reporting agencies.                    | credit damage
            Your credit score will suffer.                             | credit damage
            We may garnish your receivables.                           | seizure
            We will seek a garnishment.                                | seizure
            Goods may be SEIZED.                                       | seizure
            The equipment will be repossessed.                         | seizure
            A penalty applies.                                         | penalties
            Penalties will be added.                                   | penalties
            Late fees accrue daily.                                    | penalties
            A LATE FEE of 5% applies.                                  | penalties
            Interest charges will be applied.                          | penalties
            This is our FINAL NOTICE.                                  | final demand
            Final demand for invoice 1001.                             | final demand
            This is your last chance.                                  | final demand
            Please treat this as a demand for payment.                 | final demand
            Pay now or else.                                           | threat
            Pay by Friday, otherwise we will act.                      | threat
            Failure to pay will have consequences.                     | threat
            Pay immediately or expect a call.                          | threat
            Your company will be blacklisted.                          | threat
            We will report you.                                        | threat
            """)
    void eachThreatFamilyIsCaught(String text, String family) {
        assertThat(ToneCheck.problems(text)).anySatisfy(p -> assertThat(p).endsWith("(" + family + ")"));
        assertThatThrownBy(() -> ToneCheck.require("The message", text))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(family)
                .hasMessageContaining("courteous");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "legal action",
                "Legal Action",
                "LEGAL ACTION",
                "legal  action",
                "legal\taction",
                "legal\naction",
                "legal\r\n   action",
                "legal\u00a0action",
                "legal\u2003action",
                "<b>legal</b> <i>action</i>",
                "<strong>legal</strong>\n  action",
                "ｌｅｇａｌ ａｃｔｉｏｎ",
            })
    void caseSpacingMarkupAndWideLettersDoNotHideAThreat(String text) {
        assertThat(ToneCheck.problems("We may take " + text + " soon."))
                .containsExactly("\"legal action\" (legal action)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "late\u00a0fees",
                "Collection\n\tAgency",
                "FINAL  NOTICE",
                "credit\r\nreport",
                "law  suit",
                "or   else",
                "<em>final</em> demand"
            })
    void otherFamiliesAreCaughtAcrossSpacingAndCaseToo(String text) {
        assertThat(ToneCheck.problems("Note: " + text + ".")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Dear Sue Miller,",
                "Please send checks to 12 Court Street, Springfield.",
                "Attention: Legal Department, 40 Judge Avenue",
                "Invoices issued on March 2 are listed below.",
                "We pursued the question with the client and it is settled.",
                "A credit memo was issued for invoice 1001.",
                "This is the final invoice of the order.",
                "We will report your payment to the client as received.",
                "Thank you for your recent payment; it may well be on its way.",
                "If something does not match, you can tell us on the same page, and we will sort it out.",
                "Notice of assignment: please send payments to the remit-to below.",
                "Collections Way Logistics, 3 Demand Drive",
            })
    void courteousTextsPass(String text) {
        assertThat(ToneCheck.problems(text)).isEmpty();
        assertThatCode(() -> ToneCheck.require("The message", text)).doesNotThrowAnyException();
    }

    @Test
    void everyPhraseFoundIsNamedOnce() {
        assertThat(ToneCheck.problems("Late fees, late fees and a lawsuit."))
                .containsExactlyInAnyOrder("\"late fees\" (penalties)", "\"lawsuit\" (legal action)");
        assertThat(ToneCheck.problems(null)).isEmpty();
        assertThat(ToneCheck.problems("")).isEmpty();
    }

    @Test
    void namesAreNotTheFactorsWordsAndDoNotMakeAMessageThreatening() {
        // "Seize the Day Bakery" or "Baker Attorneys LLP" must still hear from us
        Map<String, Object> m = OutreachModels.debtor(OutreachModels.Variant.VERIFICATION_REQUEST);
        m.put("clientName", "Baker Attorneys LLP");
        m.put("debtorName", "Seize the Day Bakery");
        m.put("subject", "Baker Attorneys LLP: please confirm invoice details");
        assertThatCode(() -> new Letters().debtorMessage(m)).doesNotThrowAnyException();
    }

    @Test
    void aDebtorMessageIsRefusedWhenTheFactorsOwnWordsThreaten() {
        Map<String, Object> m = OutreachModels.debtor(OutreachModels.Variant.FOLLOW_UP_1);
        m.put("linkLabel", "Pay now or else");
        m.put("factorName", "Acme Debt Collection Agency");

        assertThatThrownBy(() -> new Letters().debtorMessage(m))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"or else\" (threat)")
                .hasMessageContaining("collection agency")
                .hasMessageContaining("must stay courteous");
    }

    @ParameterizedTest
    @ValueSource(strings = {"No late-fees apply", "a col\u200Blection agency", "legal\u2011action", "credit_report"})
    void hyphensAndInvisibleCharactersDoNotHideAThreat(String text) {
        assertThat(ToneCheck.problems(text)).isNotEmpty();
    }
}
