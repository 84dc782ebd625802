package iotcore.cli.input;

import iotcore.cli.UserException;
import iotcore.model.rules.PasswordGenerator;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --password | --read-password | --generate-password} (a picocli mixin), as in yc. */
public final class PasswordOptions {

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Password (at least 14 characters, 3 of: lowercase, uppercase, digits, special). Visible in the process list; prefer --read-password.")
    String password;

    @Option(names = "--read-password", description = "Read the password from the terminal without echo, or from one line of stdin.")
    boolean read;

    @Option(names = "--generate-password", description = "Generate a compliant password and print it once on stderr.")
    boolean generate;

    /**
     * @param promptIfAbsent ask on the terminal when no option was given (password add), not on create
     * @param err where a generated password is shown: stderr keeps stdout parseable for scripts
     */
    public Optional<String> resolve(boolean promptIfAbsent, PrintWriter err) {
        int given = (password != null ? 1 : 0) + (read ? 1 : 0) + (generate ? 1 : 0);
        if (given > 1) {
            throw new UserException("give only one of --password, --read-password and --generate-password");
        }
        if (password != null) {
            return Optional.of(password);
        }
        if (generate) {
            String generated = new PasswordGenerator().generate();
            err.println("Generated password (save it now, it is never shown again): " + generated);
            err.flush();
            return Optional.of(generated);
        }
        if (read || promptIfAbsent) {
            return Optional.of(SecretPrompt.read("Password: ", "--password, --read-password or --generate-password"));
        }
        return Optional.empty();
    }
}
