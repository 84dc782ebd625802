package iotcore.cli.input;

import iotcore.cli.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads files named on the command line, turning I/O failures into messages that name the flag. */
public final class TextFiles {

    private TextFiles() {
    }

    public static String read(String flag, Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserException(flag + ": no such file: " + file);
        } catch (IOException e) {
            throw new UserException(flag + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
