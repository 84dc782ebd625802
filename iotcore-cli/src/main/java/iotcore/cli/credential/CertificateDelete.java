package iotcore.cli.credential;

import iotcore.cli.client.ApiClient;
import picocli.CommandLine.Option;

/** {@code certificate delete} of a registry or device. */
public abstract class CertificateDelete extends OwnedCommand {

    @Option(names = "--fingerprint", required = true, paramLabel = "FINGERPRINT", description = "Fingerprint of the certificate to delete.")
    String fingerprint;

    @Override
    protected void run() {
        finish(api().delete(ownerPath() + "/certificates/" + ApiClient.segment(fingerprint)));
    }
}
