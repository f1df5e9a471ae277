package org.factorline.outreach;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.outreach.internal.OutreachProperties;
import org.factorline.outreach.internal.OutreachRepository;
import org.factorline.shared.UuidV7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

/**
 * Delivers the outbox. Each message is claimed (QUEUED → SENDING) by one sender before it is handed to the
 * mail server, so two instances never send it twice; a temporary failure is retried with a growing pause,
 * a permanent one (the server refuses the address) fails at once, and either way a person gets a task to
 * fix the contact. The promise is <em>at most once</em>: a message claimed by an instance that stopped
 * mid-send is not sent again by itself; after {@link #STUCK_AFTER} it is marked failed with a task to check
 * whether it arrived. In capture mode (the embedded default) nothing is sent: messages are kept and shown.
 */
@Service
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    static final Duration STUCK_AFTER = Duration.ofMinutes(15);
    static final int BATCH = 100;

    private final OutreachRepository repo;
    private final ObjectProvider<JavaMailSender> mail;
    private final OutreachProperties props;
    private final Clock clock;

    public Outbox(OutreachRepository repo, ObjectProvider<JavaMailSender> mail, OutreachProperties props, Clock clock) {
        this.repo = repo;
        this.mail = mail;
        this.props = props;
        this.clock = clock;
    }

    /** A message to one of a client's people that another module wrote (a digest, a notification). */
    public record ClientMail(
            UUID clientId,
            String mailbox,
            String recipientName,
            String section,
            String subject,
            String html,
            String text) {}

    /**
     * Queues a message to one of the client's people, delivered like every other message (sent, retried or
     * captured); its id. The caller renders it: {@link #factorName()} and {@link #signature()} sign it.
     */
    public UUID queueForClient(ClientMail m) {
        Instant now = clock.instant();
        UUID id = UuidV7.next(clock);
        repo.insertMessage(
                new OutreachRepository.NewMessage(
                        id,
                        OutboxMessage.Audience.CLIENT,
                        m.clientId(),
                        null,
                        m.mailbox().strip().toLowerCase(java.util.Locale.ROOT),
                        m.recipientName(),
                        Intent.FOLLOW_UP,
                        m.section(),
                        m.subject(),
                        m.html(),
                        m.text(),
                        null,
                        null,
                        null,
                        java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC),
                        now,
                        now),
                Map.of());
        return id;
    }

    /** The factor's name as mail is signed. */
    public String factorName() {
        return props.factorName();
    }

    /** The signature under every message. */
    public String signature() {
        return props.signature();
    }

    /** Whether messages really leave: false on the embedded default, which captures them. */
    public boolean sends() {
        return switch (props.mailMode() == null ? "auto" : props.mailMode()) {
            case "capture" -> false;
            case "smtp" -> true;
            default -> mail.getIfAvailable() != null;
        };
    }

    public record Delivery(int sent, int captured, int retried, int failed) {}

    /** Sends (or captures) every queued message whose time has come. */
    public Delivery deliverDue() {
        int sent = 0, captured = 0, retried = 0, failed = 0;
        Instant now = clock.instant();
        recoverStuck(now);
        boolean really = sends();
        List<UUID> due = repo.due(now, BATCH);
        for (UUID id : due) {
            if (!repo.claim(id, clock.instant())) {
                continue; // another instance took it
            }
            OutboxMessage m = repo.message(id).orElseThrow();
            if (!really) {
                repo.delivered(id, "CAPTURED", null, now);
                captured++;
                continue;
            }
            try {
                String smtpId = send(m);
                repo.delivered(id, "SENT", smtpId, clock.instant());
                sent++;
            } catch (MailException | MessagingException e) {
                // attempts already counts this one: the claim counted it
                if (permanent(e) || m.attempts() >= props.maxAttempts()) {
                    failed(m, describe(e), "FAILED");
                    failed++;
                } else {
                    Duration pause = Duration.ofMinutes((long) Math.pow(2, m.attempts() + 1));
                    repo.retryLater(id, describe(e), now.plus(pause));
                    retried++;
                }
            }
        }
        if (sent + captured + retried + failed > 0) {
            log.info("Outbox: {} sent, {} captured, {} to retry, {} failed", sent, captured, retried, failed);
        }
        return new Delivery(sent, captured, retried, failed);
    }

    /** The mail provider reported a bounce for a message: it did not arrive; a person fixes the contact. */
    public void bounced(UUID messageId, String reason) {
        OutboxMessage m = repo.message(messageId)
                .orElseThrow(() -> org.factorline.shared.FactorlineException.notFound("message", messageId));
        failed(m, "bounced: " + reason, "BOUNCED");
    }

    private void failed(OutboxMessage m, String why, String status) {
        repo.fail(m.id(), status, why);
        Instant now = clock.instant();
        String title = "Message to " + m.mailbox() + " not delivered";
        String detail = "\"" + m.subject() + "\" could not be delivered: " + why
                + ". Check the address with the "
                + (m.audience() == OutboxMessage.Audience.DEBTOR ? "debtor" : "client")
                + " and correct it; the planner sends again once the contact is fixed.";
        repo.openTask(
                new OutreachTask(
                        UuidV7.next(clock),
                        OutreachTask.Kind.FIX_CONTACT,
                        m.clientId(),
                        m.debtorId(),
                        null,
                        title,
                        detail,
                        "ACCOUNT_MANAGER",
                        now,
                        now.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                        null,
                        null,
                        null,
                        null),
                "FIX_CONTACT:message:" + m.id());
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                now,
                m.clientId(),
                m.debtorId(),
                null,
                m.id(),
                ContactEntry.Channel.TASK,
                "Task opened: " + title,
                detail,
                "outbox"));
    }

    private void recoverStuck(Instant now) {
        for (UUID id : repo.stuckSending(now.minus(STUCK_AFTER))) {
            repo.message(id)
                    .ifPresent(m -> failed(
                            m,
                            "delivery outcome unknown: the sender stopped while handing it to the mail server; check whether"
                                    + " it arrived before sending it again",
                            "FAILED"));
        }
    }

    private String send(OutboxMessage m) throws MessagingException {
        JavaMailSender sender = mail.getObject();
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper h = new MimeMessageHelper(mime, true, "UTF-8");
        try {
            h.setFrom(new InternetAddress(props.fromAddress(), props.factorName(), "UTF-8"));
            // parsed strictly, so a malformed mailbox fails at once (the three-argument constructor checks nothing)
            InternetAddress to = new InternetAddress(m.mailbox());
            if (m.recipientName() != null) {
                to.setPersonal(m.recipientName(), "UTF-8");
            }
            h.setTo(to);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        h.setReplyTo(props.factorEmail());
        h.setSubject(m.subject());
        h.setText(m.bodyText(), m.bodyHtml());
        if (m.hasAttachment()) {
            byte[] pdf = repo.attachment(m.id()).orElseThrow();
            h.addAttachment(m.attachmentName(), new ByteArrayResource(pdf), "application/pdf");
        }
        mime.setHeader("X-Factorline-Message", m.id().toString());
        mime.setHeader("Auto-Submitted", "auto-generated");
        sender.send(mime);
        return mime.getMessageID();
    }

    /** The server refused the address or the message itself: retrying cannot help. */
    static boolean permanent(Exception e) {
        if (e instanceof MailAuthenticationException) {
            return false;
        }
        if (e instanceof MailSendException mse) {
            for (Exception f : mse.getFailedMessages().values()) {
                if (f instanceof SendFailedException sfe
                        && sfe.getInvalidAddresses() != null
                        && sfe.getInvalidAddresses().length > 0) {
                    return true;
                }
            }
            return false;
        }
        return e instanceof jakarta.mail.internet.AddressException;
    }

    static String describe(Exception e) {
        Throwable t = e;
        StringBuilder s = new StringBuilder();
        while (t != null && s.length() < 600) {
            if (t.getMessage() != null) {
                s.append(s.isEmpty() ? "" : "; ").append(t.getMessage().replaceAll("\\s+", " "));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return s.isEmpty() ? e.getClass().getSimpleName() : s.toString();
    }

    public Map<String, Long> counts() {
        return repo.outboxCounts();
    }
}
