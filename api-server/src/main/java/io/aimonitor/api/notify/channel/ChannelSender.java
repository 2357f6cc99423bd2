package io.aimonitor.api.notify.channel;

import io.aimonitor.api.notify.Notice;

/** Delivers a notice through one kind of channel. */
public interface ChannelSender {
    void send(Channel channel, Notice notice) throws DeliveryException;
}
