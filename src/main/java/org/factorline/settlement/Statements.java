package org.factorline.settlement;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.ClientAccount;
import org.factorline.ledger.Ledger;
import org.factorline.settlement.internal.SettlementRepository;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * A client's settlement statement for one run, as PDF (for the client) and CSV (for its bookkeeper): the
 * invoices closed out with their fee and rebate, what was netted for what the client owed, and what was
 * paid. The PDF is the HTML template rendered by Thymeleaf and laid out by openhtmltopdf. The client's
 * account statement (from its ledger sub-accounts) is rendered here too, by the same renderer.
 */
@Service
public class Statements {

    private final SettlementRepository rows;
    private final Clients clients;
    private final Invoices invoices;
    private final ITemplateEngine templates;
    private final Ledger ledger;

    Statements(
            SettlementRepository rows, Ledger ledger, Clients clients, Invoices invoices, ITemplateEngine templates) {
        this.rows = rows;
        this.ledger = ledger;
        this.clients = clients;
        this.invoices = invoices;
        this.templates = templates;
    }

    /**
     * A client's settlement statement in one run, as PDF. Staff read any client's; a client user only its
     * own client's, and anything else is "not found".
     */
    public byte[] pdf(UUID runId, UUID clientId) {
        return render(templates.process("documents/settlement-statement", context(runId, clientId)));
    }

    /** The download name of a client's statement in a run, e.g. SR-2026-000001-{client}.pdf. */
    public String fileName(UUID runId, UUID clientId, String extension) {
        return line(runId, clientId).run().reference() + "-" + clientId + "." + extension;
    }

    /**
     * The client's settlement statements, newest first: one per run that had a line for it, with what the
     * run's close-outs collected, the fees and rebates, what was netted for what it owed and what was paid.
     */
    public List<ClientStatement> ofClient(UUID clientId) {
        requireReader(clientId);
        return rows.statementsOfClient(clientId);
    }

    /**
     * The client's account from {@code from} to {@code to} as PDF: opening balance, what each kind of
     * movement did to each of its sub-accounts, closing balance — the ledger's own figures.
     */
    public byte[] accountPdf(UUID clientId, Currency currency, LocalDate from, LocalDate to) {
        ClientAccount account = ledger.clientAccount(clientId, currency, from, to);
        Context c = new Context();
        c.setVariable("account", account);
        c.setVariable("accounts", ClientAccount.ACCOUNTS);
        c.setVariable("clientName", clients.get(new ClientId(clientId)).legalName());
        c.setVariable("factorName", "Factorline");
        return render(templates.process("documents/account-statement", c));
    }

    /** The same account as CSV: one row per line of the statement, one column per sub-account. */
    public String accountCsv(UUID clientId, Currency currency, LocalDate from, LocalDate to) {
        ClientAccount a = ledger.clientAccount(clientId, currency, from, to);
        StringBuilder b = new StringBuilder("line,reason");
        ClientAccount.ACCOUNTS.forEach(code -> b.append(',').append(code.name().toLowerCase()));
        b.append(",balance\r\n");
        accountRow(
                b,
                "Opening balance " + a.from(),
                "",
                ClientAccount.ACCOUNTS.stream().map(a::openingOf).toList(),
                a.openingBalance());
        for (ClientAccount.Movement m : a.movements()) {
            accountRow(
                    b,
                    m.label(),
                    m.reason().name(),
                    ClientAccount.ACCOUNTS.stream().map(m::of).toList(),
                    m.net());
        }
        accountRow(
                b,
                "Closing balance " + a.to(),
                "",
                ClientAccount.ACCOUNTS.stream().map(a::closingOf).toList(),
                a.closingBalance());
        return b.toString();
    }

    private static void accountRow(StringBuilder b, String line, String reason, List<Money> amounts, Money balance) {
        b.append(csvField(line)).append(',').append(reason);
        amounts.forEach(m -> b.append(',').append(m.amount().toPlainString()));
        b.append(',').append(balance.amount().toPlainString()).append("\r\n");
    }

    private static byte[] render(String html) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String csv(UUID runId, UUID clientId) {
        Context c = context(runId, clientId);
        @SuppressWarnings("unchecked")
        List<CloseOut> closeOuts = (List<CloseOut>) c.getVariable("closeOuts");
        @SuppressWarnings("unchecked")
        Map<InvoiceId, String> numbers = (Map<InvoiceId, String>) c.getVariable("numbers");
        StringBuilder b = new StringBuilder(
                "invoice,funding_date,closed_on,face,advance,collected,deductions,days,fee,rebate\r\n");
        for (CloseOut o : closeOuts) {
            b.append(csvField(numbers.get(o.invoiceId())))
                    .append(',')
                    .append(o.fundingDate())
                    .append(',')
                    .append(o.closedOn())
                    .append(',')
                    .append(o.face().amount().toPlainString())
                    .append(',')
                    .append(o.advance().amount().toPlainString())
                    .append(',')
                    .append(o.collected().amount().toPlainString())
                    .append(',')
                    .append(o.deductions().amount().toPlainString())
                    .append(',')
                    .append(o.daysCharged())
                    .append(',')
                    .append(o.fee().amount().toPlainString())
                    .append(',')
                    .append(o.rebate().amount().toPlainString())
                    .append("\r\n");
        }
        return b.toString();
    }

    /**
     * Staff read any client's statement; a client user only its own client's. A run that does not exist,
     * or has no line for the client, or another client's id is "not found" — without naming the run.
     */
    private void requireReader(UUID clientId) {
        Actor actor = CurrentActor.get();
        actor.requireClient(clientId);
        if (actor.isStaff()) {
            actor.requireStaff();
        }
    }

    private record RunLine(SettlementRun run, SettlementRun.Line line) {}

    private RunLine line(UUID runId, UUID clientId) {
        requireReader(clientId);
        SettlementRun run = rows.findRun(runId)
                .orElseThrow(() -> FactorlineException.notFound("settlement statement", runId + "/" + clientId));
        SettlementRun.Line line = run.lines().stream()
                .filter(l -> l.clientId().equals(clientId))
                .findFirst()
                .orElseThrow(() -> FactorlineException.notFound("settlement statement", runId + "/" + clientId));
        return new RunLine(run, line);
    }

    private Context context(UUID runId, UUID clientId) {
        RunLine found = line(runId, clientId);
        SettlementRun run = found.run();
        SettlementRun.Line line = found.line();
        List<CloseOut> closeOuts = rows.closeOutsOfRun(runId).stream()
                .filter(o -> o.clientId().equals(clientId))
                .toList();
        Map<InvoiceId, String> numbers = new HashMap<>();
        for (Invoice i :
                invoices.getAll(closeOuts.stream().map(CloseOut::invoiceId).toList())) {
            numbers.put(i.id(), i.number());
        }
        Money rebates = closeOuts.stream()
                .map(CloseOut::rebate)
                .filter(Money::isPositive)
                .reduce(Money.zero(line.net().currency()), Money::plus);
        Context c = new Context();
        c.setVariable("run", run);
        c.setVariable("line", line);
        c.setVariable("clientName", clients.get(new ClientId(clientId)).legalName());
        c.setVariable("factorName", "Factorline");
        c.setVariable("closeOuts", closeOuts);
        c.setVariable("numbers", numbers);
        c.setVariable("rebates", rebates);
        c.setVariable("collections", line.rebates().minus(rebates));
        return c;
    }

    private static String csvField(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
