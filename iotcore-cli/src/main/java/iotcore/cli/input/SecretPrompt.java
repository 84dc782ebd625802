package iotcore.cli.input;

import iotcore.cli.UserException;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/** Reads a secret from the terminal without echo, or else one line of stdin (for scripts that pipe it in). */
public final class SecretPrompt {

    private SecretPrompt() {
    }

    /** True when a user can be asked: stdin and stdout are a terminal. */
    public static boolean onTerminal() {
        Console console = System.console();
        return console != null && isTerminal(console);
    }

    /**
     * @param label shown on the terminal, e.g. {@code "Password: "}
     * @param hint  the flags that give the secret instead, named when none was entered
     */
    public static String read(String label, String hint) {
        if (onTerminal()) {
            char[] typed = System.console().readPassword(label);
            if (typed == null) {
                throw new UserException("no password entered");
            }
            return new String(typed);
        }
        String line = readLine(System.in);
        if (line == null || line.isEmpty()) {
            throw new UserException("no password on stdin; give " + hint);
        }
        return line;
    }

    /** Byte by byte, so nothing after the line is consumed: later reads of stdin still see it. */
    static String readLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n') {
                line.write(b);
                b = in.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
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
