package io.aimonitor.api.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTextTest {
    @Test
    void alertTextCannotAddLinksImagesOrMentions() {
        String planted =
                "disk full ![x](https://evil.example/p.png) [click](https://evil.example) <@all>";
        String shown = MarkdownText.inert(planted);
        assertThat(shown).doesNotContain("](", "<", ">").contains("disk full", "evil.example");
    }
}
