package io.aimonitor.api.auth;

import io.aimonitor.api.config.AimonitorConfig;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Short-lived access tokens. One algorithm is configured (HS256 with a secret of at least 256 bits,
 * or RS256) and it alone is accepted: a token naming another algorithm, "none" included, is
 * refused, as is one with the wrong issuer or audience, an expired one, or one without an id.
 */
public final class JwtService {
    public record Issued(String token, String tokenId, long expiresAtMillis) {}

    private final AimonitorConfig.Jwt config;
    private final Clock clock;
    private final Key signingKey;
    private final JwtParser parser;

    public JwtService(AimonitorConfig.Jwt config, Path dataDir, Clock clock) {
        this.config = config;
        this.clock = clock;
        Key verificationKey;
        if (config.algorithm().equals("RS256")) {
            this.signingKey = privateKey(Path.of(config.privateKeyFile()));
            verificationKey = publicKey(Path.of(config.publicKeyFile()));
        } else {
            this.signingKey = Keys.hmacShaKeyFor(hmacSecret(config, dataDir));
            verificationKey = signingKey;
        }
        var builder =
                Jwts.parser()
                        .requireIssuer(config.issuer())
                        .requireAudience(config.audience())
                        .clockSkewSeconds(30)
                        .clock(() -> Date.from(clock.instant()));
        this.parser =
                (verificationKey instanceof PublicKey pub
                                ? builder.verifyWith(pub)
                                : builder.verifyWith((javax.crypto.SecretKey) verificationKey))
                        .build();
    }

    public Issued issue(String userId, String username, Role role) {
        long now = clock.millis();
        long expires = now + config.accessTokenTtl().toMillis();
        String id = UUID.randomUUID().toString();
        var builder =
                Jwts.builder()
                        .id(id)
                        .subject(userId)
                        .issuer(config.issuer())
                        .audience()
                        .add(config.audience())
                        .and()
                        .issuedAt(new Date(now))
                        .expiration(new Date(expires))
                        .claim("name", username)
                        .claim("role", role.text());
        String token =
                signingKey instanceof PrivateKey pk
                        ? builder.signWith(pk, Jwts.SIG.RS256).compact()
                        : builder.signWith((javax.crypto.SecretKey) signingKey, Jwts.SIG.HS256)
                                .compact();
        return new Issued(token, id, expires);
    }

    /** The principal the token proves, or an AuthException saying why it does not. */
    public Principal verify(String token) {
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (io.jsonwebtoken.ExpiredJwtException e) {
            throw AuthException.unauthenticated("access token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw AuthException.unauthenticated("invalid access token");
        }
        if (!config.algorithm().equals(jws.getHeader().getAlgorithm())) {
            throw AuthException.unauthenticated("invalid access token");
        }
        Claims claims = jws.getPayload();
        Role role = Role.assignable(claims.get("role", String.class));
        if (claims.getId() == null
                || claims.getSubject() == null
                || role == null
                || claims.getExpiration() == null) {
            throw AuthException.unauthenticated("invalid access token");
        }
        return new Principal(
                claims.getSubject(),
                claims.get("name", String.class),
                role,
                Principal.Kind.USER,
                claims.getId(),
                claims.getExpiration().getTime());
    }

    /** The configured secret, or one generated on first start and kept in the data directory. */
    private static byte[] hmacSecret(AimonitorConfig.Jwt config, Path dataDir) {
        if (!config.secret().isEmpty()) {
            return config.secret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve("jwt.secret");
        try {
            if (Files.isRegularFile(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            byte[] secret = new byte[64];
            new SecureRandom().nextBytes(secret);
            Files.createDirectories(dataDir);
            Files.writeString(file, Base64.getEncoder().encodeToString(secret));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on non-POSIX file systems
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the JWT secret " + file, e);
        }
    }

    private static PrivateKey privateKey(Path pem) {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(
                    pem + " is not a PKCS#8 RSA private key: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(Path pem) {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(pemBody(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(
                    pem + " is not an X.509 RSA public key: " + e.getMessage(), e);
        }
    }

    static byte[] pemBody(Path pem) {
        try {
            String text = Files.readString(pem);
            return Base64.getMimeDecoder()
                    .decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        }
    }
}
