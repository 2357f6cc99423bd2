package io.aimonitor.api.users;

import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Auditor;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.metadata.UserRepository;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Admin endpoints to manage users. Responses never carry a password or its hash. */
public final class UserController {
    record CreateUser(
            String username, String password, String role, String displayName, String email) {}

    record UpdateUser(String role, Boolean disabled, String displayName, String email) {}

    record SetPassword(String password) {}

    private final UserService users;
    private final Auditor audit;

    public UserController(UserService users, Auditor audit) {
        this.users = users;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/users",
                        Role.ADMIN,
                        "users",
                        "List users",
                        ctx ->
                                ctx.json(
                                        Map.of(
                                                "users",
                                                users.all().stream().map(UserView::of).toList())))
                .post("/api/v1/users", Role.ADMIN, "users", "Create a user", this::create)
                .get(
                        "/api/v1/users/{id}",
                        Role.ADMIN,
                        "users",
                        "One user",
                        ctx -> ctx.json(UserView.of(users.get(ctx.pathParam("id")))))
                .patch(
                        "/api/v1/users/{id}",
                        Role.ADMIN,
                        "users",
                        "Change a user's role, name, email or disabled flag",
                        this::update)
                .post(
                        "/api/v1/users/{id}/password",
                        Role.ADMIN,
                        "users",
                        "Set a user's password",
                        this::setPassword)
                .delete("/api/v1/users/{id}", Role.ADMIN, "users", "Delete a user", this::delete);
    }

    private void create(Context ctx) {
        CreateUser req = Bodies.parse(ctx, CreateUser.class);
        UserRepository.User u =
                users.create(
                        req.username(), req.password(), req.role(), req.displayName(), req.email());
        audit.record(
                ctx,
                "user.create",
                "user",
                u.id(),
                Map.of("username", u.username(), "role", u.role().text()));
        ctx.status(201).json(UserView.of(u));
    }

    private void update(Context ctx) {
        UpdateUser req = Bodies.parse(ctx, UpdateUser.class);
        UserRepository.User u =
                users.update(
                        ctx.pathParam("id"),
                        req.role(),
                        req.disabled(),
                        req.displayName(),
                        req.email());
        Map<String, Object> changes = new LinkedHashMap<>();
        if (req.role() != null) {
            changes.put("role", req.role());
        }
        if (req.disabled() != null) {
            changes.put("disabled", req.disabled());
        }
        if (req.displayName() != null) {
            changes.put("display_name", req.displayName());
        }
        if (req.email() != null) {
            changes.put("email", req.email());
        }
        audit.record(ctx, "user.update", "user", u.id(), changes);
        ctx.json(UserView.of(u));
    }

    private void setPassword(Context ctx) {
        users.setPassword(
                ctx.pathParam("id"), null, Bodies.parse(ctx, SetPassword.class).password(), false);
        audit.record(ctx, "user.password", "user", ctx.pathParam("id"), Map.of());
        ctx.status(204);
    }

    private void delete(Context ctx) {
        users.delete(ctx.pathParam("id"), AccessControl.principal(ctx).id());
        audit.record(ctx, "user.delete", "user", ctx.pathParam("id"), Map.of());
        ctx.status(204);
    }
}
