package io.sightline.server.auth;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.auth.BasicToken;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.server.auth.AuthTokenExtractors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a request's {@code Authorization} header against a bearer-token file and a users
 * file (HTTP basic). Token lines are a token, or {@code name:token} to name who holds it (a
 * tenant, a team); user lines are {@code user:password} or {@code user:sha256:<hex digest of
 * the password>}. Comparisons take the same time whatever matches, so timing tells nothing.
 */
final class Credentials {
    private final Optional<CredentialsFile> tokens;
    private final Optional<CredentialsFile> users;

    Credentials(Optional<CredentialsFile> tokens, Optional<CredentialsFile> users) {
        this.tokens = tokens;
        this.users = users;
    }

    boolean isEnabled() {
        return tokens.isPresent() || users.isPresent();
    }

    boolean offersBasic() {
        return users.isPresent();
    }

    /** Whether {@code headers} carry a valid bearer token or user. */
    boolean accepts(RequestHeaders headers) {
        if (tokens.isPresent()) {
            OAuth2Token bearer = AuthTokenExtractors.oAuth2().apply(headers);
            if (bearer != null && matchesToken(bearer.accessToken(), tokens.get())) {
                return true;
            }
        }
        if (users.isPresent()) {
            BasicToken basic = AuthTokenExtractors.basic().apply(headers);
            return basic != null && matchesUser(basic.username(), basic.password(), users.get());
        }
        return false;
    }

    private static boolean matchesToken(String offered, CredentialsFile file) {
        boolean found = false;
        for (String line : file.lines()) {
            int colon = line.lastIndexOf(':');
            String token = colon < 0 ? line : line.substring(colon + 1);
            found |= constantTimeEquals(offered, token);
        }
        return found;
    }

    private static boolean matchesUser(String user, String password, CredentialsFile file) {
        boolean found = false;
        for (String line : file.lines()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String secret = line.substring(colon + 1);
            String offered = password;
            if (secret.startsWith("sha256:")) {
                secret = secret.substring("sha256:".length()).toLowerCase(java.util.Locale.ROOT);
                offered = sha256Hex(password);
            }
            found |= constantTimeEquals(user, line.substring(0, colon)) & constantTimeEquals(offered, secret);
        }
        return found;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
