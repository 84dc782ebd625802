package iotcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.client.Operations;
import picocli.CommandLine.Option;

/** A command answered by an Operation: waits for it and prints its result, or the operation with --async. */
public abstract class MutatingCommand extends ApiCommand {

    @Option(names = "--async", description = "Print the operation instead of waiting for its result.")
    protected boolean async;

    /** Prints the operation's {@code response} (the changed resource), or the operation itself with --async. */
    protected void printResult(JsonNode operation) {
        if (async) {
            print(operation);
        } else {
            print(Operations.result(api(), operation));
        }
    }

    /** For deletes: nothing to print on success, as yc prints nothing. */
    protected void finish(JsonNode operation) {
        if (async) {
            print(operation);
        } else {
            Operations.result(api(), operation);
        }
    }
}
