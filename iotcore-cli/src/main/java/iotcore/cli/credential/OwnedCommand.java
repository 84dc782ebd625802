package iotcore.cli.credential;

import iotcore.cli.MutatingCommand;

/** A credential command of some owner; subclasses name the owner's resource path, e.g. {@code /iot-devices/v1/registries/ID}. */
public abstract class OwnedCommand extends MutatingCommand {

    protected abstract String ownerPath();
}
