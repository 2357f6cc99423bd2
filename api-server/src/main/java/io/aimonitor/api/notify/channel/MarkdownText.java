package io.aimonitor.api.notify.channel;

import io.aimonitor.api.notify.NoticeText;
import java.nio.charset.StandardCharsets;

/**
 * A notice as the Markdown the DingTalk and WeCom robots show, cut to their size limits. Text from
 * alerts (labels, annotations, the AI summary) is shown, never interpreted: no label can add a
 * link, an image, a mention or a font tag.
 */
final class MarkdownText {
    private MarkdownText() {}

    static String of(NoticeText text, int maxBytes) {
        StringBuilder md = new StringBuilder("### ").append(inert(text.title())).append("\n\n");
        int shown = 0;
        for (NoticeText.Line line : text.lines()) {
            String item =
                    "- "
                            + inert(line.text()).replace("\n", "\n  ")
                            + " [open]("
                            + line.url()
                            + ")\n";
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

    static String inert(String text) {
        return text.replace("](", "] (") // "[text] (url)" is no link, nor an image
                .replace('<', '\uFF1C') // nor a mention, a font tag or an autolink
                .replace('>', '\uFF1E');
    }

    private static int bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
