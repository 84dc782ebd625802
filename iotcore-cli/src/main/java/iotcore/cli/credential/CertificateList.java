package iotcore.cli.credential;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.ApiCommand;
import iotcore.cli.output.Column;
import iotcore.cli.output.Table;
import java.util.ArrayList;
import java.util.List;

/** {@code certificate list} of a registry or device. */
public abstract class CertificateList extends ApiCommand {

    public static final Table TABLE = Table.of(new Column("FINGERPRINT", "fingerprint"), new Column("CREATED AT", "createdAt"));

    protected abstract String ownerPath();

    @Override
    protected void run() {
        List<JsonNode> certificates = new ArrayList<>();
        api().get(ownerPath() + "/certificates").path("certificates").forEach(certificates::add);
        printer().list(certificates, TABLE);
    }
}
