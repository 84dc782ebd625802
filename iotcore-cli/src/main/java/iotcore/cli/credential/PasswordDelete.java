package iotcore.cli.credential;

import iotcore.cli.client.ApiClient;
import picocli.CommandLine.Option;

/** {@code password delete} of a registry or device. */
public abstract class PasswordDelete extends OwnedCommand {

    @Option(names = "--password-id", required = true, paramLabel = "ID", description = "Id of the password to delete.")
    String passwordId;

    @Override
    protected void run() {
        finish(api().delete(ownerPath() + "/passwords/" + ApiClient.segment(passwordId)));
    }
}
