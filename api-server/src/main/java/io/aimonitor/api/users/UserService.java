package io.aimonitor.api.users;

import io.aimonitor.api.auth.PasswordHasher;
import io.aimonitor.api.auth.PasswordPolicy;
import io.aimonitor.api.auth.RefreshTokens;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.metadata.UserRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Users: creation with the password policy, role changes, passwords; never the last admin. */
public final class UserService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{2,128}");

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RefreshTokens refreshTokens;
    private final Clock clock;

    public UserService(
            UserRepository users, PasswordHasher hasher, RefreshTokens refreshTokens, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    public List<UserRepository.User> all() {
        return users.all();
    }

    public UserRepository.User get(String id) {
        return users.byId(id).orElseThrow(() -> ApiException.notFound("no user " + id));
    }

    public UserRepository.User create(
            String username, String password, String role, String displayName, String email) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiException.badParameter(
                    "username", "username must have 2 to 128 letters, digits or . _ @ -");
        }
        Role r = role(role);
        checkPassword(password);
        if (users.byUsername(username).isPresent()) {
            throw new ApiException(
                    409,
                    "conflict",
                    "user '" + username + "' already exists",
                    Map.of("parameter", "username"));
        }
        long now = clock.millis();
        UserRepository.User user =
                new UserRepository.User(
                        Ids.newId(),
                        username,
                        nullToEmpty(displayName),
                        nullToEmpty(email),
                        hasher.hash(password),
                        r,
                        false,
                        now,
                        now);
        users.insert(user);
        return user;
    }

    /** Changes the given fields; refuses to leave no enabled admin. */
    public UserRepository.User update(
            String id, String role, Boolean disabled, String displayName, String email) {
        UserRepository.User u = get(id);
        Role newRole = role == null ? u.role() : role(role);
        boolean newDisabled = disabled == null ? u.disabled() : disabled;
        boolean wasActiveAdmin = u.role() == Role.ADMIN && !u.disabled();
        boolean staysActiveAdmin = newRole == Role.ADMIN && !newDisabled;
        if (wasActiveAdmin && !staysActiveAdmin && users.countActiveAdmins() <= 1) {
            throw new ApiException(409, "conflict", "this is the last enabled admin", Map.of());
        }
        UserRepository.User updated =
                new UserRepository.User(
                        u.id(),
                        u.username(),
                        displayName == null ? u.displayName() : displayName,
                        email == null ? u.email() : email,
                        u.passwordHash(),
                        newRole,
                        newDisabled,
                        u.createdAt(),
                        clock.millis());
        users.update(updated);
        if (newDisabled && !u.disabled()) {
            refreshTokens.revokeAllOf(id);
        }
        return updated;
    }

    /**
     * Sets a new password (by an admin, or by the user with the current one); ends other sessions.
     */
    public void setPassword(
            String id, String currentPassword, String newPassword, boolean requireCurrent) {
        UserRepository.User u = get(id);
        if (requireCurrent
                && (currentPassword == null || !hasher.verify(currentPassword, u.passwordHash()))) {
            throw ApiException.badParameter("current_password", "the current password is wrong");
        }
        checkPassword(newPassword);
        users.updatePassword(id, hasher.hash(newPassword), clock.millis());
        refreshTokens.revokeAllOf(id);
    }

    public void delete(String id, String actingUserId) {
        UserRepository.User u = get(id);
        if (u.id().equals(actingUserId)) {
            throw new ApiException(409, "conflict", "you cannot delete yourself", Map.of());
        }
        if (u.role() == Role.ADMIN && !u.disabled() && users.countActiveAdmins() <= 1) {
            throw new ApiException(409, "conflict", "this is the last enabled admin", Map.of());
        }
        users.delete(id);
    }

    /**
     * On an empty database, creates the admin; returns the generated password when none was
     * configured (to be printed once), else null.
     */
    public String bootstrapAdmin(String username, String configuredPassword) {
        if (users.count() > 0) {
            return null;
        }
        String password = configuredPassword.isEmpty() ? generatedPassword() : configuredPassword;
        create(username, password, "admin", "Administrator", "");
        return configuredPassword.isEmpty() ? password : null;
    }

    private static String generatedPassword() {
        // satisfies the policy by construction: 20 random characters plus one of each class
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("Aa1");
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static Role role(String text) {
        Role r = Role.assignable(text);
        if (r == null || r == Role.INGEST || r == Role.RUM) {
            throw ApiException.badParameter(
                    "role", "role must be admin, editor or viewer, got '" + text + "'");
        }
        return r;
    }

    private static void checkPassword(String password) {
        String problem = PasswordPolicy.check(password);
        if (problem != null) {
            throw ApiException.badParameter("password", problem);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
