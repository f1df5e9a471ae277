package org.factorline.outreach;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders what is said to debtors and clients: an HTML e-mail with its plain-text twin, and for a notice
 * or a release the formal letter as a PDF. Every rendering passes the {@link ToneCheck} or is refused.
 * Templates live under {@code templates/mail} and {@code templates/letters}; models are maps so the
 * templates read plainly ({@code m.clientName}).
 */
@Component
public class Letters {

    private final SpringTemplateEngine engine;

    public Letters() {
        ClassLoaderTemplateResolver text = new ClassLoaderTemplateResolver();
        text.setPrefix("templates/");
        text.setTemplateMode(TemplateMode.TEXT);
        text.setResolvablePatterns(Set.of("*.txt"));
        text.setCharacterEncoding("UTF-8");
        text.setOrder(1);
        text.setCheckExistence(true);
        ClassLoaderTemplateResolver html = new ClassLoaderTemplateResolver();
        html.setPrefix("templates/");
        html.setSuffix(".html");
        html.setTemplateMode(TemplateMode.HTML);
        html.setCharacterEncoding("UTF-8");
        html.setOrder(2);
        engine = new SpringTemplateEngine();
        engine.addTemplateResolver(text);
        engine.addTemplateResolver(html);
    }

    /** A rendered message: subject, HTML and text bodies, and the PDF letter when there is one. */
    public record Rendered(String subject, String html, String text, String attachmentName, byte[] attachment) {}

    /**
     * A message to a debtor's mailbox. {@code m} carries at least: subject, greeting, clientName, factorName,
     * factorPhone, factorEmail, signature, remitTo (payee, lockbox, bankName, routingNumber, accountNumber),
     * checkUrl, checkCode, the section flags (release, notice, noticeReminder, remitNote, verificationReminder),
     * the lists (verification, statusCheck, followUp), tone, link, linkLabel, linkExpires; and for letters
     * date, debtorName, debtorAddress.
     */
    public Rendered debtorMessage(Map<String, Object> m) {
        String subject = (String) m.get("subject");
        String html = render("mail/debtor", m);
        String text = render("mail/debtor.txt", m);
        String attachmentName = null;
        String letter = "";
        if (Boolean.TRUE.equals(m.get("release"))) {
            attachmentName = "letter-of-release.pdf";
            letter = render("letters/release", m);
        } else if (Boolean.TRUE.equals(m.get("notice"))) {
            attachmentName = "notice-of-assignment.pdf";
            letter = render("letters/notice", m);
        }
        // everything the debtor reads: subject, both bodies and the letter
        ToneCheck.require(
                "The message \"" + subject + "\"",
                withoutNames(subject + "\n" + text + "\n" + html + "\n" + letter, m));
        byte[] pdf = attachmentName == null ? null : pdf(letter);
        return new Rendered(subject, html, text, attachmentName, pdf);
    }

    /** A message to the client about its own customers: opening, lines, closing. */
    public Rendered clientMessage(Map<String, Object> m) {
        String subject = (String) m.get("subject");
        return new Rendered(subject, render("mail/client", m), render("mail/client.txt", m), null, null);
    }

    /**
     * The words the factor chose, without the names it was given: a customer called "Seize the Day Bakery"
     * must not make every message to it look like a threat.
     */
    static String withoutNames(String text, Map<String, Object> m) {
        String out = text;
        for (String key : new String[] {"clientName", "debtorName", "debtorAddress", "greeting", "signature"}) {
            Object v = m.get(key);
            if (v instanceof String s && !s.isBlank()) {
                out = out.replace(s, " ");
                out = out.replace(org.springframework.web.util.HtmlUtils.htmlEscape(s), " ");
            }
        }
        return out;
    }

    public String render(String template, Map<String, Object> m) {
        Context ctx = new Context(java.util.Locale.US);
        ctx.setVariable("m", m);
        return engine.process(template, ctx);
    }

    public static byte[] pdf(String xhtml) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the letter could not be laid out as PDF", e);
        }
    }
}
