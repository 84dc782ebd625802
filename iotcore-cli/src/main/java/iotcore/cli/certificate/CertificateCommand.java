package iotcore.cli.certificate;

import iotcore.cli.ExitCodes;
import iotcore.cli.GroupCommand;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import iotcore.cli.output.OutputOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "certificate", description = "Make device and registry certificates (offline).",
        subcommands = CertificateCommand.Create.class)
public final class CertificateCommand extends GroupCommand {

    @Command(name = "create", description = {
            "Write a self-signed certificate and key.",
            "Writes PREFIX.crt and PREFIX.key.",
            "The key file is PKCS#8 PEM with mode 0600; the SHA-1 fingerprint is printed.",
            "Like: openssl req -x509 -newkey rsa:4096 -keyout PREFIX.key -out PREFIX.crt -nodes -days N -subj '/CN=NAME'"})
    static final class Create implements Callable<Integer> {

        @Option(names = "--cn", required = true, paramLabel = "NAME", description = "Common name of the subject.")
        String commonName;

        @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Writes PREFIX.crt and PREFIX.key.")
        String prefix;

        @Option(names = "--days", defaultValue = "3650", paramLabel = "N", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--key-type", defaultValue = "ec", paramLabel = "TYPE",
                description = "ec (P-256) or rsa (4096 bits) (default: ${DEFAULT-VALUE}).")
        String keyType;

        @Option(names = "--force", description = "Overwrite existing files.")
        boolean force;

        @Mixin
        OutputOptions output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (days < 1) {
                throw new UserException("--days must be at least 1");
            }
            SelfSignedCertificate issued = SelfSignedCertificate.create(commonName, days, keyType());
            Path certificateFile = Path.of(prefix + ".crt");
            Path keyFile = Path.of(prefix + ".key");
            for (Path file : new Path[] {keyFile, certificateFile}) {
                if (!force && Files.exists(file)) {
                    throw new UserException(file + " already exists; use --force to overwrite it or choose another --out");
                }
            }
            write(keyFile, issued.privateKeyPem(), true);
            write(certificateFile, issued.certificatePem(), false);
            output.printer(spec.commandLine().getOut()).resource(Json.object()
                    .put("certificateFile", certificateFile.toString())
                    .put("privateKeyFile", keyFile.toString())
                    .put("fingerprint", issued.fingerprint()));
            return ExitCodes.OK;
        }

        private KeyType keyType() {
            try {
                return KeyType.valueOf(keyType.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserException("--key-type must be ec or rsa, not '" + keyType + "'");
            }
        }

        /** The key file is created owner-only from the start, so it is never readable by others, even briefly. */
        private void write(Path file, String text, boolean secret) {
            try {
                if (force) {
                    Files.deleteIfExists(file);
                }
                if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(text.getBytes(StandardCharsets.US_ASCII));
                }
            } catch (FileAlreadyExistsException e) {
                throw new UserException(file + " already exists; use --force to overwrite it or choose another --out");
            } catch (IOException e) {
                throw new UserException("cannot write " + file + ": " + e.getMessage());
            }
        }
    }
}
