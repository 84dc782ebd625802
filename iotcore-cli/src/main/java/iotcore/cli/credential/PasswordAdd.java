package iotcore.cli.credential;

import iotcore.cli.client.Json;
import iotcore.cli.input.PasswordOptions;
import picocli.CommandLine.Mixin;

/** {@code password add} of a registry or device; asks for the password when no option gives one. */
public abstract class PasswordAdd extends OwnedCommand {

    @Mixin
    PasswordOptions password;

    @Override
    protected void run() {
        String secret = password.resolve(true, err()).orElseThrow();
        printResult(api().post(ownerPath() + "/passwords", Json.object().put("password", secret)));
    }
}
