package iotcore.cli.registry;

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

/** {@code registry certificate ...} and {@code registry password ...}: the shared commands, owned by a registry. */
final class RegistryCredentials {

    private RegistryCredentials() {
    }

    @Command(name = "certificate", description = "Manage the certificates of a registry.",
            subcommands = {AddCertificate.class, ListCertificates.class, DeleteCertificate.class})
    static final class Certificates extends GroupCommand {
    }

    @Command(name = "password", description = "Manage the passwords of a registry.",
            subcommands = {AddPassword.class, ListPasswords.class, DeletePassword.class})
    static final class Passwords extends GroupCommand {
    }

    @Command(name = "add", description = "Add a certificate to a registry.")
    static final class AddCertificate extends CertificateAdd {
        @Mixin FolderOption folder;
        @Mixin RegistryParent registry;

        @Override
        protected String ownerPath() {
            return Registries.path(registry.id(api(), folder.id()));
        }
    }

    @Command(name = "list", description = "List the certificates of a registry.")
    static final class ListCertificates extends CertificateList {
        @Mixin FolderOption folder;
        @Mixin RegistryParent registry;

        @Override
        protected String ownerPath() {
            return Registries.path(registry.id(api(), folder.id()));
        }
    }

    @Command(name = "delete", description = "Delete a certificate of a registry.")
    static final class DeleteCertificate extends CertificateDelete {
        @Mixin FolderOption folder;
        @Mixin RegistryParent registry;

        @Override
        protected String ownerPath() {
            return Registries.path(registry.id(api(), folder.id()));
        }
    }

    @Command(name = "add", description = {"Add a password to a registry.", "Asked for when no option gives one."})
    static final class AddPassword extends PasswordAdd {
        @Mixin FolderOption folder;
        @Mixin RegistryParent registry;

        @Override
        protected String ownerPath() {
            return Registries.path(registry.id(api(), folder.id()));
        }
    }

    @Command(name = "list", description = "List the passwords of a registry (ids only).")
    static final class ListPasswords extends PasswordList {
        @Mixin FolderOption folder;
        @Mixin RegistryParent registry;

        @Override
        protected String ownerPath() {
            return Registries.path(registry.id(api(), folder.id()));
        }
    }

    @Command(name = "delete", description = "Delete a password of a registry.")
    static final class DeletePassword extends PasswordDelete {
        @Mixin FolderOption folder;
        @Mixin RegistryParent registry;

        @Override
        protected String ownerPath() {
            return Registries.path(registry.id(api(), folder.id()));
        }
    }
}
