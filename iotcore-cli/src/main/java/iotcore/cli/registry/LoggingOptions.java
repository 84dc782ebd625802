package iotcore.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** yc's logging flags, mapped to the registry's {@code logOptions} (a mixin). */
public final class LoggingOptions {

    /** yc's spelling of LogOptions.minLevel. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, FATAL }

    @Option(names = "--no-logging", description = "Disable connection logs.")
    boolean disabled;

    @Option(names = {"--log-group-id", "--log-group-name"}, paramLabel = "ID",
            description = "Log group receiving connection logs (referenced by id; the name form is accepted for yc scripts).")
    String logGroupId;

    @Option(names = {"--log-folder-id", "--log-folder-name"}, paramLabel = "FOLDER",
            description = "Folder whose default log group receives connection logs.")
    String folderId;

    @Option(names = "--min-log-level", paramLabel = "LEVEL",
            description = "Minimum level of connection logs: trace, debug, info, warn, error, fatal.")
    Level minLevel;

    public boolean given() {
        return disabled || logGroupId != null || folderId != null || minLevel != null;
    }

    public Optional<ObjectNode> toJson() {
        if (!given()) {
            return Optional.empty();
        }
        if (logGroupId != null && folderId != null) {
            throw new UserException("give only one of --log-group-id and --log-folder-id");
        }
        ObjectNode options = Json.object();
        if (disabled) {
            options.put("disabled", true);
        }
        if (logGroupId != null) {
            options.put("logGroupId", logGroupId);
        }
        if (folderId != null) {
            options.put("folderId", folderId);
        }
        if (minLevel != null) {
            options.put("minLevel", minLevel.name().toUpperCase(Locale.ROOT));
        }
        return Optional.of(options);
    }
}
