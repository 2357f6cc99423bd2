package io.aimonitor.api.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

class EmailSenderTest {
    @Test
    void aGreylistedRecipientIsWorthAnotherTryAnUnknownOneIsNot() throws Exception {
        InternetAddress to = new InternetAddress("ops@example.com");
        assertThat(EmailSender.temporary(refused(to, 450, "4.2.0 greylisted, try later"))).isTrue();
        assertThat(EmailSender.temporary(refused(to, 550, "5.1.1 no such user"))).isFalse();
    }

    /** What angus-mail throws when the server refuses RCPT TO. */
    private static SendFailedException refused(InternetAddress to, int code, String text) {
        return new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(to, "RCPT TO:<" + to + ">", code, text),
                new Address[0],
                new Address[0],
                new Address[] {to});
    }
}
