package io.aimonitor.api.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimonitor.api.auth.Role;
import io.aimonitor.api.support.TestDatabases;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same repository behaviour on SQLite and on the real PostgreSQL server. */
class MetadataRepositoriesITCase {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void migratesAndStoresUsers(String kind) throws Exception {
        try (TestDatabases.Opened opened = TestDatabases.open(kind)) {
            UserRepository users = new UserRepository(opened.db());
            users.insert(
                    new UserRepository.User(
                            "u1", "alice", "Alice", "a@x", "hash", Role.ADMIN, false, 1, 1));
            users.insert(
                    new UserRepository.User("u2", "bob", "", "", "hash2", Role.VIEWER, true, 2, 2));

            assertThat(users.byUsername("alice"))
                    .get()
                    .extracting(UserRepository.User::role)
                    .isEqualTo(Role.ADMIN);
            assertThat(users.all())
                    .extracting(UserRepository.User::username)
                    .containsExactly("alice", "bob");
            assertThat(users.countActiveAdmins()).isEqualTo(1);
            assertThatThrownBy(
                            () ->
                                    users.insert(
                                            new UserRepository.User(
                                                    "u3",
                                                    "alice",
                                                    "",
                                                    "",
                                                    "h",
                                                    Role.VIEWER,
                                                    false,
                                                    3,
                                                    3)))
                    .hasMessageContaining("alice");

            users.update(
                    new UserRepository.User(
                            "u2", "bob", "Bob", "b@x", "ignored", Role.EDITOR, false, 2, 5));
            users.updatePassword("u2", "newhash", 6);
            UserRepository.User bob = users.byId("u2").orElseThrow();
            assertThat(bob.role()).isEqualTo(Role.EDITOR);
            assertThat(bob.disabled()).isFalse();
            assertThat(bob.passwordHash()).isEqualTo("newhash");
            assertThat(users.delete("u2")).isTrue();
            assertThat(users.count()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void rotatesAndRevokesRefreshTokenFamilies(String kind) throws Exception {
        try (TestDatabases.Opened opened = TestDatabases.open(kind)) {
            new UserRepository(opened.db())
                    .insert(
                            new UserRepository.User(
                                    "u1", "alice", "", "", "h", Role.ADMIN, false, 1, 1));
            RefreshTokenRepository tokens = new RefreshTokenRepository(opened.db());
            tokens.insert(
                    new RefreshTokenRepository.RefreshToken(
                            "h1", "fam", "u1", 10, 100, null, null));
            tokens.insert(
                    new RefreshTokenRepository.RefreshToken(
                            "h2", "fam", "u1", 20, 100, null, null));

            assertThat(tokens.markUsed("h1", 15)).isTrue();
            assertThat(tokens.markUsed("h1", 16))
                    .as("a spent token cannot be spent again")
                    .isFalse();
            assertThat(tokens.revokeFamily("fam", 30)).isEqualTo(2);
            assertThat(tokens.byHash("h2"))
                    .get()
                    .extracting(RefreshTokenRepository.RefreshToken::revokedAt)
                    .isEqualTo(30L);
            assertThat(tokens.deleteExpired(101)).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void versionsRulesOptimistically(String kind) throws Exception {
        try (TestDatabases.Opened opened = TestDatabases.open(kind)) {
            RuleRepository rules = new RuleRepository(opened.db());
            rules.create(
                    new RuleRepository.StoredRule(
                            "r1", 1, "cpu", "{\"v\":1}", true, "alice", 100, null));

            assertThat(
                            rules.update(
                                    new RuleRepository.StoredRule(
                                            "r1", 2, "cpu", "{\"v\":2}", false, "bob", 200, null)))
                    .isTrue();
            assertThat(
                            rules.update(
                                    new RuleRepository.StoredRule(
                                            "r1", 2, "cpu", "{\"v\":3}", true, "carol", 300, null)))
                    .as("version 2 is taken: a concurrent edit loses")
                    .isFalse();
            assertThat(rules.delete("r1", 3, "dave", 400)).isTrue();

            assertThat(rules.live()).isEmpty();
            assertThat(rules.all())
                    .singleElement()
                    .satisfies(r -> assertThat(r.deleted()).isTrue());
            List<RuleRepository.RuleVersion> history = rules.history("r1");
            assertThat(history)
                    .extracting(v -> v.version() + ":" + v.change() + ":" + v.author())
                    .containsExactly("3:deleted:dave", "2:updated:bob", "1:created:alice");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void keepsApiKeysSilencesAcksAndAudit(String kind) throws Exception {
        try (TestDatabases.Opened opened = TestDatabases.open(kind)) {
            ApiKeyRepository keys = new ApiKeyRepository(opened.db());
            keys.insert(
                    new ApiKeyRepository.ApiKey(
                            "k1",
                            "agent",
                            "aim_abcd",
                            "hash",
                            Role.INGEST,
                            "alice",
                            1,
                            null,
                            null));
            keys.touch("k1", 5);
            assertThat(keys.byHash("hash"))
                    .get()
                    .extracting(ApiKeyRepository.ApiKey::lastUsedAt)
                    .isEqualTo(5L);
            assertThat(keys.revoke("k1", 6)).isTrue();
            assertThat(keys.revoke("k1", 7)).isFalse();

            SilenceRepository silences = new SilenceRepository(opened.db());
            silences.insert(
                    new SilenceRepository.Silence(
                            "s1", "[]", 0, 100, "alice", "maintenance", 0, 0));
            silences.insert(
                    new SilenceRepository.Silence("s2", "[]", 0, 50, "alice", "short", 0, 0));
            assertThat(silences.notEndedAt(60))
                    .extracting(SilenceRepository.Silence::id)
                    .containsExactly("s1");

            AckRepository acks = new AckRepository(opened.db());
            acks.put(new AckRepository.Ack("f1", "alice", 1, "looking"));
            acks.put(new AckRepository.Ack("f1", "bob", 2, "mine"));
            assertThat(acks.get("f1"))
                    .get()
                    .extracting(AckRepository.Ack::ackedBy)
                    .isEqualTo("bob");

            AuditLog audit = new AuditLog(opened.db());
            audit.record(
                    new AuditLog.Entry(
                            "a1",
                            1,
                            "alice",
                            "user.create",
                            "user",
                            "u2",
                            "{}",
                            "127.0.0.1",
                            "r1"));
            audit.record(
                    new AuditLog.Entry(
                            "a2", 2, "bob", "rule.update", "rule", "r1", "{}", "127.0.0.1", "r2"));
            assertThat(audit.recent("", "", 10))
                    .extracting(AuditLog.Entry::id)
                    .containsExactly("a2", "a1");
            assertThat(audit.recent("alice", "", 10))
                    .extracting(AuditLog.Entry::id)
                    .containsExactly("a1");
        }
    }
}
