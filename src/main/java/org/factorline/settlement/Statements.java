package org.factorline.settlement;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.settlement.internal.SettlementRepository;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * A client's settlement statement for one run, as PDF (for the client) and CSV (for its bookkeeper): the
 * invoices closed out with their fee and rebate, what was netted for what the client owed, and what was
 * paid. The PDF is the HTML template rendered by Thymeleaf and laid out by openhtmltopdf.
 */
@Service
public class Statements {

    private final SettlementRepository rows;
    private final Settlement settlement;
    private final Clients clients;
    private final Invoices invoices;
    private final ITemplateEngine templates;

    Statements(
            SettlementRepository rows,
            Settlement settlement,
            Clients clients,
            Invoices invoices,
            ITemplateEngine templates) {
        this.rows = rows;
        this.settlement = settlement;
        this.clients = clients;
        this.invoices = invoices;
        this.templates = templates;
    }

    public byte[] pdf(UUID runId, UUID clientId) {
        String html = templates.process("documents/settlement-statement", context(runId, clientId));
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

    private Context context(UUID runId, UUID clientId) {
        SettlementRun run = settlement.get(runId);
        SettlementRun.Line line = run.lines().stream()
                .filter(l -> l.clientId().equals(clientId))
                .findFirst()
                .orElseThrow(
                        () -> FactorlineException.notFound("statement of client in run " + run.reference(), clientId));
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
