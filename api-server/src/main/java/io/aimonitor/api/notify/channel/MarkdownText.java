package io.aimonitor.api.notify.channel;

import io.aimonitor.api.notify.NoticeText;
import java.nio.charset.StandardCharsets;

/** A notice as the Markdown the DingTalk and WeCom robots show, cut to their size limits. */
final class MarkdownText {
    private MarkdownText() {}

    static String of(NoticeText text, int maxBytes) {
        StringBuilder md = new StringBuilder("### ").append(text.title()).append("\n\n");
        int shown = 0;
        for (NoticeText.Line line : text.lines()) {
            String item =
                    "- " + line.text().replace("\n", "\n  ") + " [open](" + line.url() + ")\n";
            int remaining = text.lines().size() - shown;
            String more = "\n... and " + remaining + " more";
            if (bytes(md) + bytes(item) + bytes(more) > maxBytes) {
                md.append(more);
                return md.toString();
            }
            md.append(item);
            shown++;
        }
        return md.toString();
    }

    private static int bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
