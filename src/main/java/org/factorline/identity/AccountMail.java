package org.factorline.identity;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends the e-mails that carry account links (invitations, password resets) straight to the configured
 * mail server. They do not go through the outreach outbox: a link is a credential, and the outbox keeps
 * every message body in the database, where the link would outlive its hash-only storage. With no mail
 * server configured the message is not sent and only its recipient and subject are logged, never the link.
 */
@Component
class AccountMail {

    private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final String from;
    private final String baseUrl;
    private final ThreadPoolExecutor background =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(200), r -> {
                Thread t = new Thread(r, "account-mail");
                t.setDaemon(true);
                return t;
            });

    AccountMail(
            ObjectProvider<JavaMailSender> mail,
            @Value("${factorline.identity.mail-from:${factorline.outreach.from-address:no-reply@factorline.example}}")
                    String from,
            @Value("${factorline.base-url:http://localhost:8080}") String baseUrl,
            @Value("${factorline.outreach.mail-mode:auto}") String mailMode) {
        // capture mode (a sandbox pointed at a real mail server) sends nothing, to debtors or to people
        this.mail = "capture".equals(mailMode)
                ? new org.springframework.beans.factory.ObjectProvider<>() {
                    @Override
                    public JavaMailSender getObject() {
                        throw new IllegalStateException("mail is captured, never sent");
                    }

                    @Override
                    public JavaMailSender getIfAvailable() {
                        return null;
                    }
                }
                : mail;
        this.from = from;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String link(String path) {
        return baseUrl + path;
    }

    boolean configured() {
        return mail.getIfAvailable() != null;
    }

    /** Sends now; a failure throws, so the caller's transaction (the invitation) rolls back. */
    boolean sendNow(String to, String subject, String text) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.info("No mail server is configured (spring.mail.host): the e-mail \"{}\" was not sent", subject);
            return false;
        }
        try {
            MimeMessage m = sender.createMimeMessage();
            MimeMessageHelper h = new MimeMessageHelper(m, false, "UTF-8");
            h.setFrom(from);
            h.setTo(new InternetAddress(to, true));
            h.setSubject(subject);
            h.setText(text, false);
            sender.send(m);
            return true;
        } catch (MailException | MessagingException e) {
            log.warn(
                    "The e-mail \"{}\" could not be sent: {}",
                    subject,
                    e.getClass().getSimpleName());
            throw new FactorlineException(ErrorCode.ACCOUNT_MAIL_FAILED, ErrorCode.ACCOUNT_MAIL_FAILED.title());
        }
    }

    /**
     * Sends after the current transaction commits, off the request thread, so that asking for a reset
     * takes the same time whether or not the account exists, and no mail leaves for a rolled-back link.
     */
    void sendAfterCommit(String to, String subject, String text) {
        Runnable send = () -> {
            try {
                background.execute(() -> {
                    try {
                        sendNow(to, subject, text);
                    } catch (FactorlineException e) {
                        // already logged without the link; the person can ask again
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.warn("Too many account e-mails waiting; \"{}\" was dropped", subject);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        background.shutdown();
    }
}
