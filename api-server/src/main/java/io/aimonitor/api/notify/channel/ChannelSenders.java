package io.aimonitor.api.notify.channel;

import io.aimonitor.api.config.AimonitorConfig;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** The sender of every channel type, sharing one address policy and HTTP client. */
public final class ChannelSenders {
    private final Map<ChannelType, ChannelSender> senders = new EnumMap<>(ChannelType.class);

    public ChannelSenders(
            AimonitorConfig.Email email,
            AimonitorConfig.Notifications notifications,
            AddressPolicy policy,
            SafeHttp http,
            Clock clock) {
        String publicUrl = notifications.publicUrl();
        senders.put(
                ChannelType.EMAIL,
                new EmailSender(email, policy, notifications.timeout(), publicUrl));
        senders.put(ChannelType.WEBHOOK, new WebhookSender(http, publicUrl));
        senders.put(ChannelType.SLACK, new SlackSender(http, publicUrl));
        senders.put(ChannelType.DINGTALK, new DingTalkSender(http, publicUrl, clock));
        senders.put(ChannelType.WECOM, new WeComSender(http, publicUrl));
        senders.put(ChannelType.FEISHU, new FeishuSender(http, publicUrl, clock));
    }

    public ChannelSender of(ChannelType type) {
        return senders.get(type);
    }
}
