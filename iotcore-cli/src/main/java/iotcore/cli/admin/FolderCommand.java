package iotcore.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.ApiCommand;
import iotcore.cli.GroupCommand;
import iotcore.cli.client.Json;
import iotcore.cli.output.Column;
import iotcore.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Folders are the tenants of iotcore (admin API); the {@code default} folder always exists. */
@Command(name = "folder", description = "Manage folders (admin token).",
        subcommands = {FolderCommand.Create.class, FolderCommand.ListFolders.class})
public final class FolderCommand extends GroupCommand {

    static final String PATH = "/iotcore/v1/folders";
    static final Table TABLE = Table.of(new Column("ID", "id"), new Column("DESCRIPTION", "description"),
            new Column("CREATED AT", "createdAt"));

    @Command(name = "create", description = "Create a folder.")
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "ID", description = "Folder id: [a-z][-a-z0-9]{0,49}.")
        String id;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        protected void run() {
            ObjectNode body = Json.object().put("id", id);
            if (description != null) {
                body.put("description", description);
            }
            print(api().post(PATH, body));
        }
    }

    @Command(name = "list", description = "List folders.")
    static final class ListFolders extends ApiCommand {

        @Override
        protected void run() {
            List<JsonNode> folders = new ArrayList<>();
            api().get(PATH).path("folders").forEach(folders::add);
            printer().list(folders, TABLE);
        }
    }
}
