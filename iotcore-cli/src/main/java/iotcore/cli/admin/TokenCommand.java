package iotcore.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.ApiCommand;
import iotcore.cli.GroupCommand;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.Json;
import iotcore.cli.output.Column;
import iotcore.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** API tokens (admin API). The secret is shown once, by {@code create}. */
@Command(name = "token", description = "Manage API tokens (admin token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Delete.class})
public final class TokenCommand extends GroupCommand {

    static final String PATH = "/iotcore/v1/tokens";
    static final Table TABLE = Table.of(new Column("ID", "id"), new Column("ROLE", "role"), new Column("FOLDER ID", "folderId"),
            new Column("DESCRIPTION", "description"), new Column("CREATED AT", "createdAt"));

    @Command(name = "create", description = {"Create a token and print it.", "The secret is shown only this once."})
    static final class Create extends ApiCommand {

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin, editor, viewer, devices.writer or registries.writer.")
        String role;

        // Its own option, not the global folder: absent means a token for every folder.
        @Option(names = {"--folder-id", "--folder-name"}, paramLabel = "FOLDER", description = "Limit the token to one folder.")
        String folderId;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        protected void run() {
            ObjectNode body = Json.object().put("role", role);
            if (folderId != null) {
                body.put("folderId", folderId);
            }
            if (description != null) {
                body.put("description", description);
            }
            print(api().post(PATH, body));
        }
    }

    @Command(name = "list", description = "List tokens (without secrets).")
    static final class ListTokens extends ApiCommand {

        @Override
        protected void run() {
            List<JsonNode> tokens = new ArrayList<>();
            api().get(PATH).path("tokens").forEach(tokens::add);
            printer().list(tokens, TABLE);
        }
    }

    @Command(name = "delete", description = "Delete a token.")
    static final class Delete extends ApiCommand {

        @Parameters(paramLabel = "ID", description = "Token id.")
        String id;

        @Override
        protected void run() {
            api().delete(PATH + "/" + ApiClient.segment(id));
        }
    }
}
