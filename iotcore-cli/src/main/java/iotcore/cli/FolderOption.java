package iotcore.cli;

import picocli.CommandLine.Option;

/** {@code --folder-id | --folder-name} (a picocli mixin). Folders have no separate name here: both are the id. */
public final class FolderOption {

    @Option(names = {"--folder-id", "--folder-name"}, paramLabel = "FOLDER", defaultValue = "${env:IOTCORE_FOLDER_ID:-default}",
            description = "Folder of the resources (env IOTCORE_FOLDER_ID; default: ${DEFAULT-VALUE}).")
    String folderId;

    public String id() {
        return folderId;
    }
}
