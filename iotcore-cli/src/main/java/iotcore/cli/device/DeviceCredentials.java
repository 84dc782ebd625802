package iotcore.cli.device;

import iotcore.cli.FolderOption;
import iotcore.cli.GroupCommand;
import iotcore.cli.credential.CertificateAdd;
import iotcore.cli.credential.CertificateDelete;
import iotcore.cli.credential.CertificateList;
import iotcore.cli.credential.PasswordAdd;
import iotcore.cli.credential.PasswordDelete;
import iotcore.cli.credential.PasswordList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code device certificate ...} and {@code device password ...}: the shared commands, owned by a device. */
final class DeviceCredentials {

    private DeviceCredentials() {
    }

    @Command(name = "certificate", description = "Manage the certificates of a device.",
            subcommands = {AddCertificate.class, ListCertificates.class, DeleteCertificate.class})
    static final class Certificates extends GroupCommand {
    }

    @Command(name = "password", description = "Manage the passwords of a device.",
            subcommands = {AddPassword.class, ListPasswords.class, DeletePassword.class})
    static final class Passwords extends GroupCommand {
    }

    @Command(name = "add", description = "Add a certificate to a device.")
    static final class AddCertificate extends CertificateAdd {
        @Mixin FolderOption folder;
        @Mixin DeviceParent device;

        @Override
        protected String ownerPath() {
            return Devices.path(device.id(api(), folder.id()));
        }
    }

    @Command(name = "list", description = "List the certificates of a device.")
    static final class ListCertificates extends CertificateList {
        @Mixin FolderOption folder;
        @Mixin DeviceParent device;

        @Override
        protected String ownerPath() {
            return Devices.path(device.id(api(), folder.id()));
        }
    }

    @Command(name = "delete", description = "Delete a certificate of a device.")
    static final class DeleteCertificate extends CertificateDelete {
        @Mixin FolderOption folder;
        @Mixin DeviceParent device;

        @Override
        protected String ownerPath() {
            return Devices.path(device.id(api(), folder.id()));
        }
    }

    @Command(name = "add", description = {"Add a password to a device.", "Asked for when no option gives one."})
    static final class AddPassword extends PasswordAdd {
        @Mixin FolderOption folder;
        @Mixin DeviceParent device;

        @Override
        protected String ownerPath() {
            return Devices.path(device.id(api(), folder.id()));
        }
    }

    @Command(name = "list", description = "List the passwords of a device (ids only).")
    static final class ListPasswords extends PasswordList {
        @Mixin FolderOption folder;
        @Mixin DeviceParent device;

        @Override
        protected String ownerPath() {
            return Devices.path(device.id(api(), folder.id()));
        }
    }

    @Command(name = "delete", description = "Delete a password of a device.")
    static final class DeletePassword extends PasswordDelete {
        @Mixin FolderOption folder;
        @Mixin DeviceParent device;

        @Override
        protected String ownerPath() {
            return Devices.path(device.id(api(), folder.id()));
        }
    }
}
