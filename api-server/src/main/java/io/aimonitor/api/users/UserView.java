package io.aimonitor.api.users;

import io.aimonitor.api.metadata.UserRepository;

/** A user as the API shows it: never the password hash. */
public record UserView(
        String id,
        String username,
        String displayName,
        String email,
        String role,
        boolean disabled,
        long createdAt,
        long updatedAt) {

    public static UserView of(UserRepository.User u) {
        return new UserView(
                u.id(),
                u.username(),
                u.displayName(),
                u.email(),
                u.role().text(),
                u.disabled(),
                u.createdAt(),
                u.updatedAt());
    }
}
