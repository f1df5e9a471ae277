package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.VerificationStatus;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The first invoice of a new pair under a notification agreement: one welcome with the notice of
 * assignment (PDF attached) and the verification request, sent over real SMTP; the debtor's link confirms
 * one invoice and disputes another; everything is in the contact log.
 */
@FactorlineTest
class OutreachFlowTest {

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Planner planner;

    @Autowired
    Outbox outbox;

    @Autowired
    DebtorLinks links;

    @Autowired
    Outreach outreach;

    @Autowired
    Invoices invoices;

    @Autowired
    Debtors debtors;

    @Autowired
    GreenMail mail;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    Invoice submit(Client client, Debtor debtor, String amount) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("INV"),
                                "PO-77",
                                LocalDate.now(clock).minusDays(2),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    @Test
    void welcomeNoticeAndVerificationGoOutAsOneMessageAndTheDebtorAnswersThroughItsLink() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice first = submit(client, debtor, "1200.00");
        Invoice second = submit(client, debtor, "830.50");
        String mailbox = debtor.primaryContact().orElseThrow().email();

        // 08:00 in Chicago: nothing is planned (nor queued) before business hours
        assertThat(planner.plan(List.of(debtor.id())).debtorMessages()).isZero();
        assertThat(outbox.deliverDue().sent()).isZero();
        clock.advance(Duration.ofHours(2));
        var result = planner.plan(List.of(debtor.id()));
        assertThat(result.debtorMessages()).isEqualTo(1);
        assertThat(outbox.deliverDue().sent()).isGreaterThanOrEqualTo(1);

        MimeMessage sent = received(mailbox);
        assertThat(sent.getSubject()).contains(client.legalName()).contains("introduction");
        assertThat(sent.getFrom()[0].toString()).contains("receivables@factorline.example");
        String body = GreenMailUtil.getBody(sent);
        assertThat(body).contains(first.number()).contains(second.number()).contains("111000025");
        String pdfText = pdfText(sent);
        assertThat(pdfText)
                .contains("Notice of assignment")
                .contains("4400123987")
                .contains(client.legalName());

        Matcher link =
                Pattern.compile("/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)").matcher(body);
        assertThat(link.find()).isTrue();
        String token = link.group(1);

        var view = links.open(token);
        assertThat(view.invoices()).hasSize(2);
        assertThat(view.noticeToAcknowledge()).isTrue();
        links.acknowledge(token);
        links.confirm(token, List.of(first.id().value()));
        links.dispute(
                token, second.id().value(), DebtorLinks.DisputeReason.WRONG_AMOUNT, "We ordered 8 pallets, not 9");

        TestSupport.as(TestSupport.admin(), () -> {
            assertThat(invoices.get(first.id()).verificationStatus()).isEqualTo(VerificationStatus.VERIFIED);
            assertThat(invoices.get(second.id()).verificationStatus()).isEqualTo(VerificationStatus.DISPUTED);
            assertThat(debtors.relationships(debtor.id()).get(0).notificationState())
                    .isEqualTo(NotificationState.ACKNOWLEDGED);
            var log = outreach.contactLog(client.id().value(), debtor.id().value(), null, null, null, 50);
            assertThat(log)
                    .extracting(ContactEntry::summary)
                    .anyMatch(s -> s.startsWith("E-mail to " + mailbox))
                    .anyMatch(s -> s.startsWith("Confirmed invoice " + first.number()))
                    .anyMatch(s -> s.startsWith("Disputed invoice " + second.number()))
                    .anyMatch(s -> s.startsWith("Acknowledged the notice"));
            return null;
        });

        // a changed byte, or an expired link, opens nothing
        String tampered = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
        assertThatThrownBy(() -> links.open(tampered)).isInstanceOf(DebtorLinks.LinkRefused.class);
        clock.advance(Duration.ofDays(31));
        assertThatThrownBy(() -> links.open(token))
                .isInstanceOf(DebtorLinks.LinkRefused.class)
                .hasMessageContaining("expired");
    }

    MimeMessage received(String mailbox) throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().contains(mailbox)) {
                return m;
            }
        }
        throw new AssertionError("nothing received for " + mailbox);
    }

    static String pdfText(MimeMessage m) throws Exception {
        Multipart mixed = (Multipart) m.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            Part p = mixed.getBodyPart(i);
            if (p.getContentType().toLowerCase().startsWith("application/pdf")) {
                try (InputStream in = p.getInputStream();
                        var doc = Loader.loadPDF(in.readAllBytes())) {
                    return new PDFTextStripper().getText(doc);
                }
            }
        }
        throw new AssertionError("no PDF attached");
    }
}
