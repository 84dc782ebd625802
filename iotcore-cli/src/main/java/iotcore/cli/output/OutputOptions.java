package iotcore.cli.output;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --format} option (a picocli mixin). */
public final class OutputOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = Format.Converter.class,
            completionCandidates = Format.Names.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.TEXT;

    public Format format() {
        return format;
    }

    public Printer printer(PrintWriter out) {
        return new Printer(format, out);
    }
}
