package iotcore.cli.operation;

import iotcore.cli.ApiCommand;
import iotcore.cli.GroupCommand;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.Operations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "operation", description = "Inspect operations.", subcommands = OperationCommand.Get.class)
public final class OperationCommand extends GroupCommand {

    @Command(name = "get", description = "Show an operation.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "ID", description = "Operation id.")
        String id;

        @Override
        protected void run() {
            print(api().get(Operations.PATH + ApiClient.segment(id)));
        }
    }
}
