package iotcore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.bench.load.ClientKey;
import iotcore.bench.load.Clients;
import iotcore.cli.UserException;
import iotcore.cli.client.ConnectionOptions;
import iotcore.cli.client.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which broker to load and how the clients connect (a mixin of every load mode). Against a local iotcore nothing
 * needs giving: the port and CA come from {@code <data-dir>/ports.json} and {@code <data-dir>/tls/ca.crt}, and
 * {@code --provision} uses the admin token of the same directory.
 */
public final class TargetOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Broker port (default: \"mqtts\", or \"mqtt\" with --plain, from <data-dir>/ports.json; else 8883 or 1883).")
    Integer port;

    @Option(names = "--plain", description = "Plain TCP instead of TLS (iotcore: only with --mqtt-port, and password login).")
    boolean plain;

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "PEM CA to check the server certificate with (default: <data-dir>/tls/ca.crt when the port came from"
                    + " <data-dir>/ports.json; otherwise any server certificate is accepted).")
    Path caFile;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate every client presents (with --key); a fleet brings its own.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (PKCS#8 or traditional EC/RSA, unencrypted).")
    Path key;

    @Option(names = {"-u", "--username"}, paramLabel = "NAME", description = "MQTT user name of every client (%%i: the client's index).")
    String username;

    @Option(names = {"-P", "--password"}, paramLabel = "PASSWORD", description = "MQTT password of every client.")
    String password;

    @Option(names = "--tls-version", paramLabel = "VERSION", split = ",", defaultValue = "TLSv1.3,TLSv1.2",
            description = "TLS versions to offer (default: ${DEFAULT-VALUE}).")
    List<String> tlsVersions;

    @Option(names = "--resume", description = "Resume TLS sessions (tickets) on reconnects instead of a full handshake each time.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "N", description = "Event loop threads of the tool (default: the number of cores).")
    Integer threads;

    @Option(names = "--source-address", paramLabel = "IP", split = ",",
            description = "Local addresses to connect from, round robin (e.g. 127.0.0.2,127.0.0.3): each has its own ephemeral port range,"
                    + " for more than ~28,000 connections to one port.")
    List<String> sourceAddresses = new ArrayList<>();

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "60", description = "MQTT keep-alive; a PINGREQ goes out after half of it idle (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "15s", converter = BenchDuration.class,
            description = "From TCP connect to CONNACK, per connection (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--client-id-prefix", paramLabel = "PREFIX", description = "ClientID prefix (default: bench-<random>-).")
    String clientIdPrefix;

    @Mixin
    ConnectionOptions api;

    /** Where the port came from, so that the CA default can follow it. */
    private boolean portFromDataDir;

    int port() {
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new UserException("--port must be between 1 and 65535, not " + port);
            }
            return port;
        }
        Path ports = api.dataDir().resolve("ports.json");
        try {
            JsonNode entry = Json.MAPPER.readTree(Files.readString(ports)).path(plain ? "mqtt" : "mqtts");
            if (entry.canConvertToInt() && entry.asInt() > 0) {
                portFromDataDir = true;
                return entry.asInt();
            }
            if (plain) {
                throw new UserException(ports + " names no plain \"mqtt\" port: start iotcore with --mqtt-port, or give --port");
            }
        } catch (IOException e) {
            // no local server: the protocol's default port
        }
        return plain ? 1883 : 8883;
    }

    Path caFile() {
        if (caFile != null) {
            if (!Files.isRegularFile(caFile)) {
                throw new UserException("--cafile: no such file: " + caFile);
            }
            return caFile;
        }
        Path local = api.dataDir().resolve("tls").resolve("ca.crt");
        return portFromDataDir && Files.isRegularFile(local) ? local : null;
    }

    Clients.Settings settings(int maxPacketBytes) {
        if (host == null || host.isBlank()) {
            throw new UserException("--host must not be empty");
        }
        int resolvedPort = port();
        return new Clients.Settings(host.strip(), resolvedPort, !plain, plain ? null : caFile(), tlsVersions, resume,
                threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads), sourceAddresses,
                Math.max(0, keepAlive), (int) Math.max(1, connectTimeout.toMillis()), maxPacketBytes);
    }

    String clientIdPrefix(String random) {
        return clientIdPrefix != null ? clientIdPrefix : "bench-" + random + "-";
    }

    /** The --cert/--key pair, or null. */
    ClientKey clientKey() {
        if ((cert == null) != (key == null)) {
            throw new UserException(cert == null ? "--key needs --cert FILE" : "--cert needs --key FILE");
        }
        if (cert == null) {
            return null;
        }
        if (plain) {
            throw new UserException("--cert needs TLS: drop --plain");
        }
        return new ClientKey("cli-cert", readKey(key), readCertificates(cert));
    }

    private static X509Certificate[] readCertificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new UserException("--cert: cannot read " + file + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UserException("--cert: no PEM CERTIFICATE in " + file);
        }
        return out.toArray(X509Certificate[]::new);
    }

    private static PrivateKey readKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            throw new UserException("--key: cannot read " + file + ": " + e.getMessage());
        }
        throw new UserException("--key: no unencrypted private key in " + file);
    }
}
