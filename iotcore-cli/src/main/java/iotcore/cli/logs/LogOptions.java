package iotcore.cli.logs;

import iotcore.cli.input.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --since --limit -f/--follow --timeout} of {@code registry logs} and {@code device logs} (a mixin). */
public final class LogOptions {

    @Option(names = "--since", paramLabel = "TIME",
            description = "Entries from this time on: RFC 3339, HH:MM:SS (today, UTC) or a duration before now (2h, 30m, '3h30m ago'). Default: the oldest kept entry.")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N entries, oldest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new entries (polled every second) until interrupted.")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Positive.class,
            description = "With --follow: stop following after DURATION (e.g. 30s, 5m).")
    Duration timeout;
}
