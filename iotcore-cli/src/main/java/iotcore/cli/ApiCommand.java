package iotcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.ConnectionOptions;
import iotcore.cli.output.OutputOptions;
import iotcore.cli.output.Printer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every command that talks to the API: connection and format options, client and printer. */
public abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    protected ConnectionOptions connection;

    @Mixin
    protected OutputOptions output;

    @Spec
    protected CommandSpec spec;

    private ApiClient api;

    /** What the command exits with when {@link #run} returns; a command that reported its own failure sets it. */
    protected int exitCode = ExitCodes.OK;

    @Override
    public final Integer call() {
        run();
        return exitCode;
    }

    protected abstract void run();

    protected ApiClient api() {
        if (api == null) {
            api = connection.client();
        }
        return api;
    }

    protected Printer printer() {
        return output.printer(spec.commandLine().getOut());
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected void print(JsonNode resource) {
        printer().resource(resource);
    }
}
