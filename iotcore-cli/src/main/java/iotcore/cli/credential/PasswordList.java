package iotcore.cli.credential;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.ApiCommand;
import iotcore.cli.output.Column;
import iotcore.cli.output.Table;
import java.util.ArrayList;
import java.util.List;

/** {@code password list} of a registry or device: ids only, the API never returns secrets. */
public abstract class PasswordList extends ApiCommand {

    public static final Table TABLE = Table.of(new Column("ID", "id"), new Column("CREATED AT", "createdAt"));

    protected abstract String ownerPath();

    @Override
    protected void run() {
        List<JsonNode> passwords = new ArrayList<>();
        api().get(ownerPath() + "/passwords").path("passwords").forEach(passwords::add);
        printer().list(passwords, TABLE);
    }
}
