package iotcore.server;

import iotcore.api.ApiContext;
import iotcore.api.access.TokenSecrets;
import iotcore.model.access.ApiToken;
import iotcore.model.access.Role;
import iotcore.model.rules.Ids;
import iotcore.storage.jdbc.Rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The bootstrap admin token (decisions §8): created on first start in {@code <data-dir>/admin-token}
 * (mode 0600), and re-registered if the file exists but the database is new (e.g. a fresh PostgreSQL).
 */
final class AdminToken {
    static final String FILE = "admin-token";

    private AdminToken() {
    }

    /** Returns the token file, creating the secret if needed and registering its hash when the database lacks it. */
    static Path ensure(Path dataDir, ApiContext ctx) throws IOException {
        Path file = dataDir.resolve(FILE);
        String secret;
        if (Files.isRegularFile(file)) {
            secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        } else {
            secret = TokenSecrets.newSecret();
            write(file, secret);
        }
        String hash = TokenSecrets.sha256(secret);
        ctx.db().inTransaction("register admin token", c -> {
            if (ctx.access().findTokenBySecretHash(c, hash).isEmpty()) {
                ctx.access().insertToken(c, new ApiToken(Ids.next("tok"), Role.ADMIN, null,
                        "bootstrap admin token (" + file + ")", Rows.now()), hash);
            }
            return null;
        });
        return file;
    }

    private static void write(Path file, String secret) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp, e);
        }
        Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
