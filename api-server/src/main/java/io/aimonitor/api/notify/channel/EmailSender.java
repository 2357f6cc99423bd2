package io.aimonitor.api.notify.channel;

import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Properties;

/**
 * Email over SMTP (none, STARTTLS or implicit TLS) with a text and an HTML part. A channel may name
 * its own server; otherwise the {@code email} section's is used. The server's address is checked
 * like any user-supplied host and, without implicit TLS, pinned for the connection.
 */
final class EmailSender implements ChannelSender {
    private final AimonitorConfig.Email defaults;
    private final AddressPolicy policy;
    private final Duration timeout;
    private final String publicUrl;

    EmailSender(
            AimonitorConfig.Email defaults,
            AddressPolicy policy,
            Duration timeout,
            String publicUrl) {
        this.defaults = defaults;
        this.policy = policy;
        this.timeout = timeout;
        this.publicUrl = publicUrl;
    }

    @Override
    public void send(Channel channel, Notice notice) throws DeliveryException {
        boolean ownServer = !channel.text("smtp_host").isEmpty();
        String host = ownServer ? channel.text("smtp_host") : defaults.smtpHost();
        if (host.isEmpty()) {
            throw DeliveryException.permanent(
                    "no SMTP server: set smtp_host on the channel or email.smtp-host in the configuration");
        }
        int port = ownServer ? channel.integer("smtp_port", 587) : defaults.smtpPort();
        String security = ownServer ? channel.text("security", "starttls") : defaults.security();
        String username = ownServer ? channel.text("username") : defaults.username();
        String password = ownServer ? channel.text("password") : defaults.password();
        String from = channel.text("from", defaults.from());
        if (from.isEmpty()) {
            throw DeliveryException.permanent(
                    "no sender: set from on the channel or email.from in the configuration");
        }
        InetAddress address;
        try {
            address = policy.resolve(host).get(0);
        } catch (AddressPolicy.Refused e) {
            throw DeliveryException.permanent(e.getMessage());
        } catch (IOException e) {
            throw DeliveryException.transientFailure("cannot resolve " + host);
        }

        Properties props = new Properties();
        String ms = Long.toString(timeout.toMillis());
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", ms);
        props.put("mail.smtp.timeout", ms);
        props.put("mail.smtp.writetimeout", ms);
        props.put("mail.smtp.auth", Boolean.toString(!username.isEmpty()));
        switch (security) {
            case "tls" -> {
                props.put("mail.smtp.ssl.enable", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "starttls" -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
                props.put("mail.smtp.socketFactory", new PinnedSocketFactory(address));
                props.put("mail.smtp.socketFactory.fallback", "false");
            }
            default -> {
                props.put("mail.smtp.socketFactory", new PinnedSocketFactory(address));
                props.put("mail.smtp.socketFactory.fallback", "false");
            }
        }
        NoticeText text =
                NoticeText.render(
                        notice,
                        channel.text("title_template"),
                        channel.text("text_template"),
                        publicUrl);
        Session session = Session.getInstance(props);
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from));
            for (String to : channel.list("to")) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            message.setSubject(text.title(), "UTF-8");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text.plain(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(html(text), "text/html; charset=UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            Transport.send(message, username.isEmpty() ? null : username, password);
        } catch (SendFailedException e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            // 4xx (greylisting, a full mailbox, a busy server) is worth another try
            throw temporary(e)
                    ? DeliveryException.transientFailure(why)
                    : DeliveryException.permanent(why);
        } catch (AuthenticationFailedException | AddressException e) {
            throw DeliveryException.permanent(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (MessagingException e) {
            throw DeliveryException.transientFailure(
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Whether the server answered a 4xx code anywhere in the failure's chain. */
    static boolean temporary(MessagingException e) {
        for (Exception x = e;
                x instanceof MessagingException m;
                x = m.getNextException() == m ? null : m.getNextException()) {
            int code =
                    x instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException f
                            ? f.getReturnCode()
                            : x instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException a
                                    ? a.getReturnCode()
                                    : 0;
            if (code >= 400 && code < 500) {
                return true;
            }
        }
        return false;
    }

    private static String html(NoticeText text) {
        StringBuilder b =
                new StringBuilder("<html><body style=\"font-family:sans-serif\"><h2>")
                        .append(escape(text.title()))
                        .append("</h2><ul>");
        for (NoticeText.Line line : text.lines()) {
            b.append("<li><p>")
                    .append(escape(line.text()).replace("\n", "<br>"))
                    .append(" <a href=\"")
                    .append(escape(line.url()))
                    .append("\">open</a></p></li>");
        }
        return b.append("</ul></body></html>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
