package iotcore.cli.input;

import iotcore.cli.UserException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
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
            return Optional.of(readSecret());
        }
        return Optional.empty();
    }

    private static String readSecret() {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] typed = console.readPassword("Password: ");
            if (typed == null) {
                throw new UserException("no password entered");
            }
            return new String(typed);
        }
        try {
            // Not closed: it wraps System.in, which later reads may still need.
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new UserException("no password on stdin; give --password, --read-password or --generate-password");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JDK 22+ returns a Console even when stdin is redirected; its isTerminal() tells them apart. */
    private static boolean isTerminal(Console console) {
        try {
            Method method = Console.class.getMethod("isTerminal");
            return (Boolean) method.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
