package io.aimonitor.api.notify.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Auditor;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.notify.ChannelService;
import io.javalin.http.Context;
import java.util.Map;

/** Notification channels: anyone signed in may look (secrets masked); only admins change them. */
public final class ChannelController {
    record ChannelBody(String name, String type, JsonNode config) {}

    private final ChannelService channels;
    private final Auditor audit;

    public ChannelController(ChannelService channels, Auditor audit) {
        this.channels = channels;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/channels",
                        Role.VIEWER,
                        "notifications",
                        "Notification channels (secrets masked)",
                        ctx -> ctx.json(Map.of("channels", channels.list())))
                .post(
                        "/api/v1/channels",
                        Role.ADMIN,
                        "notifications",
                        "Create a channel: email, webhook, slack, dingtalk, wecom or feishu",
                        this::create)
                .get(
                        "/api/v1/channels/{id}",
                        Role.VIEWER,
                        "notifications",
                        "One channel (secrets masked)",
                        ctx -> ctx.json(channels.get(ctx.pathParam("id"))))
                .put(
                        "/api/v1/channels/{id}",
                        Role.ADMIN,
                        "notifications",
                        "Change a channel; a secret sent back masked keeps its stored value",
                        this::update)
                .delete(
                        "/api/v1/channels/{id}",
                        Role.ADMIN,
                        "notifications",
                        "Delete a channel the policy does not use",
                        this::delete)
                .post(
                        "/api/v1/channels/{id}/test",
                        Role.ADMIN,
                        "notifications",
                        "Send a test notification through the channel now",
                        this::test);
    }

    private void create(Context ctx) {
        ChannelBody body = Bodies.parse(ctx, ChannelBody.class);
        ChannelService.ChannelView c =
                channels.create(
                        body.name(),
                        body.type(),
                        body.config(),
                        AccessControl.principal(ctx).auditName());
        audit.record(
                ctx,
                "channel.create",
                "channel",
                c.id(),
                Map.of("name", c.name(), "type", c.type()));
        ctx.status(201).json(c);
    }

    private void update(Context ctx) {
        ChannelBody body = Bodies.parse(ctx, ChannelBody.class);
        ChannelService.ChannelView c =
                channels.update(ctx.pathParam("id"), body.name(), body.type(), body.config());
        audit.record(ctx, "channel.update", "channel", c.id(), Map.of("name", c.name()));
        ctx.json(c);
    }

    private void delete(Context ctx) {
        ChannelService.ChannelView c = channels.delete(ctx.pathParam("id"));
        audit.record(ctx, "channel.delete", "channel", c.id(), Map.of("name", c.name()));
        ctx.status(204);
    }

    private void test(Context ctx) {
        channels.test(ctx.pathParam("id"), AccessControl.principal(ctx).auditName());
        audit.record(ctx, "channel.test", "channel", ctx.pathParam("id"), Map.of());
        ctx.json(Map.of("delivered", true));
    }
}
