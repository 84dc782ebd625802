package iotcore.cli.credential;

import iotcore.cli.client.Json;
import iotcore.cli.input.TextFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code certificate add} of a registry or device; prints the added certificate. */
public abstract class CertificateAdd extends OwnedCommand {

    @Option(names = "--certificate-file", required = true, paramLabel = "FILE", description = "PEM certificate to add.")
    Path file;

    @Override
    protected void run() {
        String pem = TextFiles.read("--certificate-file", file);
        printResult(api().post(ownerPath() + "/certificates", Json.object().put("certificateData", pem)));
    }
}
