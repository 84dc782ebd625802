package iotcore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root's "Commands:" section as the whole tree, so {@code iotcore --help} shows every command. Rendered at
 * help time, so subcommands added after {@link Cli#commandLine()} (the server's {@code serve}) appear too.
 */
final class CommandTree implements CommandLine.IHelpSectionRenderer {

    private static final int INDENT = 2;
    private static final int GAP = 2;

    @Override
    public String render(Help help) {
        List<String[]> rows = new ArrayList<>();
        collect(help.commandSpec(), 1, rows);
        if (rows.isEmpty()) {
            return "";
        }
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + GAP;
        StringBuilder text = new StringBuilder(); // the "Commands:" heading is its own section
        for (String[] row : rows) {
            text.append(row[0]).append(" ".repeat(width - row[0].length())).append(row[1]).append('\n');
        }
        return text.toString();
    }

    /** The header, else the description, as picocli's own list does; descriptions may start with a %n break. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        for (String line : header.length > 0 ? header : spec.usageMessage().description()) {
            for (String part : line.split("%n")) {
                if (!part.isBlank()) {
                    return part.strip();
                }
            }
        }
        return "";
    }

    private static void collect(CommandSpec spec, int depth, List<String[]> rows) {
        for (Map.Entry<String, CommandLine> entry : spec.subcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !entry.getKey().equals(sub.name())) {
                continue; // aliases are listed once, under the command's own name
            }
            rows.add(new String[] {" ".repeat(INDENT * depth) + sub.name(), summary(sub)});
            collect(sub, depth + 1, rows);
        }
    }
}
