package iotcore.cli.mqtt;

import iotcore.cli.UserException;
import iotcore.cli.input.SecretPrompt;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the client proves its identity (spec §2.2, a mixin): a certificate and key in the TLS handshake, or the
 * device or registry id as user name with one of its passwords. Both may be given; the broker then goes by the
 * password.
 */
public final class AuthOptions {

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate of the device or registry (with --key).")
    Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (PKCS#8 or traditional EC/RSA, unencrypted).")
    Path key;

    @Option(names = {"-u", "--username"}, paramLabel = "ID", description = "Device or registry id, to log in with a password.")
    String username;

    @Option(names = {"-P", "--password"}, paramLabel = "PASSWORD",
            description = "Password for --username; asked for on the terminal (or read from one line of stdin) when absent.")
    String password;

    /** What the connection presents. */
    record Credentials(Optional<ClientCertificate> certificate, Optional<String> username, Optional<String> password) {
    }

    /**
     * Checks the combination before anything is read or prompted for.
     *
     * @param stdinCarriesMessages {@code publish -l}: the password cannot come from stdin too
     */
    void check(boolean stdinCarriesMessages) {
        if ((certificate == null) != (key == null)) {
            throw new UserException(certificate == null ? "--key needs --cert FILE" : "--cert needs --key FILE");
        }
        if (password != null && username == null) {
            throw new UserException("-P/--password needs -u/--username (the device or registry id)");
        }
        if (certificate == null && username == null) {
            throw new UserException("how to log in? give --cert FILE --key FILE, or -u/--username ID (with -P/--password)");
        }
        if (username != null && username.isEmpty()) {
            throw new UserException("-u/--username must not be empty");
        }
        if (username != null && password == null && stdinCarriesMessages && !SecretPrompt.onTerminal()) {
            throw new UserException("give -P/--password: -l/--stdin reads the messages from stdin");
        }
    }

    /** Reads the certificate files and asks for a missing password; call {@link #check} first. */
    Credentials resolve() {
        Optional<ClientCertificate> presented = certificate == null
                ? Optional.empty() : Optional.of(ClientCertificate.load(certificate, key));
        String secret = username == null || password != null ? password : SecretPrompt.read("Password: ", "-P/--password");
        return new Credentials(presented, Optional.ofNullable(username), Optional.ofNullable(secret));
    }
}
