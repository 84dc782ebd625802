package iotcore.api.access;

import iotcore.api.ApiContext;
import iotcore.model.access.ApiToken;
import iotcore.model.error.Code;
import iotcore.model.error.ServiceException;

/** Resolves {@code Authorization: Bearer <secret>} to a stored token, or refuses with UNAUTHENTICATED. */
public final class Authenticator {
    private static final String BEARER = "Bearer ";
    private final ApiContext ctx;

    public Authenticator(ApiContext ctx) {
        this.ctx = ctx;
    }

    public ApiToken authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthenticated("missing Authorization header: send Authorization: Bearer <token>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthenticated("only bearer tokens are accepted: send Authorization: Bearer <token>");
        }
        String secret = authorization.substring(BEARER.length()).trim();
        if (secret.isEmpty() || secret.length() > 200) {
            throw unauthenticated("invalid bearer token");
        }
        String hash = TokenSecrets.sha256(secret);
        return ctx.db().inTransaction("authenticate", c -> ctx.access().findTokenBySecretHash(c, hash))
                .orElseThrow(() -> unauthenticated("unknown or deleted token"));
    }

    private static ServiceException unauthenticated(String message) {
        return new ServiceException(Code.UNAUTHENTICATED, message);
    }
}
