package org.factorline.outreach;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fixed models for every kind of message, built the way {@code Planner.model(...)} and
 * {@code Planner.compose(...)} build them (same keys, same subjects and link labels, dates as "MMMM d,
 * yyyy", amounts as {@code Money.display()}), so that templates can be rendered without Spring or a database.
 */
final class OutreachModels {

    static final String BASE_URL = "http://localhost:8080";
    static final LinkTokens TOKENS = new LinkTokens("golden-file-link-secret-0123456789");
    static final UUID LINK_ID = UUID.fromString("0190f2a4-7c1e-7d3a-9b2e-5f6a7b8c9d0e");
    static final Instant LINK_EXPIRES = Instant.parse("2026-04-01T14:00:00Z");
    static final String CLIENT = "Harbor Freight Lines LLC";

    private OutreachModels() {}

    /** Each message a debtor's mailbox can get, as the planner composes it. */
    enum Variant {
        WELCOME_NOTICE_AND_VERIFICATION("welcome-notice-verification"),
        NOTICE_REMINDER("notice-reminder"),
        VERIFICATION_REQUEST("verification-request"),
        VERIFICATION_REMINDER("verification-reminder"),
        STATUS_CHECK("status-check"),
        FOLLOW_UP_1("follow-up-tone-1"),
        FOLLOW_UP_2("follow-up-tone-2"),
        RELEASE("release");

        final String file;

        Variant(String file) {
            this.file = file;
        }
    }

    static Map<String, Object> debtor(Variant v) {
        boolean release = v == Variant.RELEASE;
        boolean notice = v == Variant.WELCOME_NOTICE_AND_VERIFICATION;
        boolean noticeReminder = v == Variant.NOTICE_REMINDER;
        List<Map<String, Object>> verification = switch (v) {
            case WELCOME_NOTICE_AND_VERIFICATION, VERIFICATION_REQUEST, VERIFICATION_REMINDER ->
                List.of(
                        line("INV-1001", "PO-77", "February 27, 2026", "March 29, 2026", "USD 1,200.00", 0),
                        line("INV-1002", "", "February 28, 2026", "March 30, 2026", "USD 830.50", 0));
            default -> List.of();
        };
        List<Map<String, Object>> status = v == Variant.STATUS_CHECK
                ? List.of(line("INV-0990", "PO-12", "February 6, 2026", "March 8, 2026", "USD 4,310.00", 0))
                : List.of();
        List<Map<String, Object>> followUp = v == Variant.FOLLOW_UP_1 || v == Variant.FOLLOW_UP_2
                ? List.of(
                        line("INV-0950", "PO-9", "January 12, 2026", "February 11, 2026", "USD 2,075.25", 19),
                        line("INV-0951", "", "January 15, 2026", "February 14, 2026", "USD 310.00", 16))
                : List.of();
        Intent kind = switch (v) {
            case WELCOME_NOTICE_AND_VERIFICATION -> Intent.NOTICE;
            case NOTICE_REMINDER -> Intent.NOTICE_REMINDER;
            case VERIFICATION_REQUEST -> Intent.VERIFICATION;
            case VERIFICATION_REMINDER -> Intent.VERIFICATION_REMINDER;
            case STATUS_CHECK -> Intent.STATUS_CHECK;
            case FOLLOW_UP_1, FOLLOW_UP_2 -> Intent.FOLLOW_UP;
            case RELEASE -> Intent.RELEASE;
        };
        boolean answerable = !release;
        Map<String, Object> m = model(kind, answerable ? BASE_URL + "/d/" + TOKENS.sign(LINK_ID, LINK_EXPIRES) : null);
        m.put("release", release);
        m.put("notice", notice);
        m.put("noticeReminder", noticeReminder);
        m.put("noticeSentOn", noticeReminder ? "February 23, 2026" : "");
        m.put("remitNote", false);
        m.put("remitNoteLines", List.of());
        m.put("verification", verification);
        m.put("verificationReminder", !verification.isEmpty() && v == Variant.VERIFICATION_REMINDER);
        m.put("statusCheck", status);
        m.put("followUp", followUp);
        m.put("tone", v == Variant.FOLLOW_UP_2 ? 2 : 1);
        m.put(
                "linkLabel",
                linkLabel(notice || noticeReminder, !verification.isEmpty(), !status.isEmpty() || !followUp.isEmpty()));
        return m;
    }

    /** The client's daily "past due, you have until …" digest, as {@code Planner.sendClientNotices} builds it. */
    static Map<String, Object> client() {
        Map<String, Object> m = new HashMap<>();
        m.put("subject", "Invoice INV-0950 to Northwind Grocers Inc. is past due");
        m.put("greeting", "Dana Whitfield");
        m.put(
                "opening",
                "The invoice below is past due. Before we contact your customer, we are giving you until March 5, 2026"
                        + " to handle it personally if you prefer.");
        Map<String, Object> late =
                line("INV-0950", "PO-9", "January 12, 2026", "February 11, 2026", "USD 2,075.25", 19);
        late.put("debtor", "Northwind Grocers Inc.");
        m.put("lines", List.of(late));
        m.put(
                "closing",
                "If you hear of a payment date or a dispute, tell us and we will not contact them. If we hear nothing,"
                        + " one courteous reminder goes out, within the rules you set for each customer, and you will see it"
                        + " in your contact log.");
        m.put("signature", "The receivables team");
        m.put("factorName", "Factorline Demo Capital");
        return m;
    }

    private static Map<String, Object> model(Intent kind, String link) {
        Map<String, Object> m = new HashMap<>();
        m.put("subject", subject(kind));
        m.put("greeting", "Sue Miller");
        m.put("clientName", CLIENT);
        m.put("debtorName", "Northwind Grocers Inc.");
        m.put("debtorAddress", "12 Court Street, Suite 400, Springfield, IL 62701, US");
        m.put("date", "March 2, 2026");
        m.put("factorName", "Factorline Demo Capital");
        m.put("factorPhone", "+1 312 555 0142");
        m.put("factorEmail", "receivables@factorline.example");
        m.put("signature", "The receivables team");
        m.put(
                "remitTo",
                Map.of(
                        "payee", "Factorline Demo Capital",
                        "lockbox", "PO Box 7731, Chicago, IL 60680-7731",
                        "bankName", "Demo National Bank",
                        "routingNumber", "111000025",
                        "accountNumber", "4400123987"));
        m.put("checkUrl", BASE_URL + "/remit-check");
        m.put("checkCode", TOKENS.checkCode("client|debtor|remit-key"));
        m.put("link", link);
        m.put("linkExpires", "April 1, 2026");
        return m;
    }

    static Map<String, Object> line(
            String number, String po, String issued, String due, String amount, long daysPastDue) {
        Map<String, Object> l = new HashMap<>();
        l.put("number", number);
        l.put("po", po);
        l.put("issued", issued);
        l.put("due", due);
        l.put("amount", amount);
        l.put("daysPastDue", daysPastDue);
        return l;
    }

    private static String subject(Intent kind) {
        return switch (kind) {
            case RELEASE -> CLIENT + ": letter of release";
            case NOTICE -> CLIENT + " and our introduction: where to send payments";
            case NOTICE_REMINDER -> "Reminder: " + CLIENT + "'s remit-to instructions";
            case REMIT_NOTE -> CLIENT + ": thank you for your payment";
            case VERIFICATION -> CLIENT + ": please confirm invoice details";
            case VERIFICATION_REMINDER -> "Reminder: " + CLIENT + " invoice confirmation";
            case STATUS_CHECK -> CLIENT + ": upcoming invoice due dates";
            case FOLLOW_UP -> CLIENT + ": invoice payment status";
        };
    }

    private static String linkLabel(boolean notice, boolean verify, boolean status) {
        if (verify) {
            return "Confirm the invoices";
        }
        if (status) {
            return "Tell us the payment status";
        }
        return notice ? "Acknowledge and check the remit-to" : "Open";
    }
}
