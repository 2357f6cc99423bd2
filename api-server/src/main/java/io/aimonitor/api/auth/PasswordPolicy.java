package io.aimonitor.api.auth;

/** At least 8 characters with an upper-case letter, a lower-case letter and a digit. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {}

    /** Null when acceptable, else what is missing. */
    public static String check(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "password must have at most " + MAX_LENGTH + " characters";
        }
        if (password.chars().noneMatch(Character::isUpperCase)) {
            return "password must contain an upper-case letter";
        }
        if (password.chars().noneMatch(Character::isLowerCase)) {
            return "password must contain a lower-case letter";
        }
        if (password.chars().noneMatch(Character::isDigit)) {
            return "password must contain a digit";
        }
        return null;
    }
}
