package iotcore.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.Json;
import iotcore.cli.client.Operations;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates a fleet through iotcore's REST API: a registry and {@code n} devices, each with a fresh EC P-256
 * certificate issued by the fleet's CA (and a generated password when asked), a few requests in parallel.
 */
public final class FleetProvisioner {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int PARALLEL_REQUESTS = 8;

    private FleetProvisioner() {
    }

    public static Fleet provision(ApiClient api, String folderId, int deviceCount, boolean passwords, Path dir, PrintWriter log) {
        if (Files.exists(dir.resolve(Fleet.FILE))) {
            throw new IllegalArgumentException(dir + " already holds a fleet; give another --fleet directory or drop --provision to reuse it");
        }
        SecureRandom random = new SecureRandom();
        String prefix = "bench-" + random(random, 6);
        FleetPki pki = FleetPki.newCa(prefix + " CA");
        FleetPki.Issued registryCert = pki.client(prefix);
        String registryPassword = passwords ? "Bench-" + random(random, 20) : null;
        ObjectNode body = Json.object().put("folderId", folderId).put("name", prefix).put("description", "iotcore bench fleet");
        body.putArray("certificates").addObject().put("certificateData", registryCert.certificatePem());
        if (registryPassword != null) {
            body.put("password", registryPassword);
        }
        JsonNode registry = Operations.result(api, api.post("/iot-devices/v1/registries", body));
        String registryId = registry.path("id").asText();
        Fleet.Member registryMember = new Fleet.Member(registryId, prefix, registryCert.certificatePem(), registryCert.keyPem(), registryPassword);

        Fleet.Member[] devices = new Fleet.Member[deviceCount];
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < deviceCount; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    String name = prefix + "-d" + index;
                    FleetPki.Issued cert = pki.client(name);
                    String password = passwords ? "Bench-" + random(new SecureRandom(), 20) : null;
                    ObjectNode device = Json.object().put("registryId", registryId).put("name", name);
                    device.putArray("certificates").addObject().put("certificateData", cert.certificatePem());
                    if (password != null) {
                        device.put("password", password);
                    }
                    JsonNode created = Operations.result(api, api.post("/iot-devices/v1/devices", device));
                    devices[index] = new Fleet.Member(created.path("id").asText(), name, cert.certificatePem(), cert.keyPem(), password);
                    int n = done.incrementAndGet();
                    if (log != null && (n % 1000 == 0)) {
                        log.printf("provisioned %d of %d devices%n", n, deviceCount);
                        log.flush();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning", e);
        }
        Fleet fleet = new Fleet(dir, folderId, registryMember, List.of(devices));
        fleet.save(pki.ca(), pki.server(prefix + " broker"));
        if (log != null) {
            log.printf("provisioned registry %s (%s) with %d devices in %.1f s; fleet saved in %s%n", registryId, prefix, deviceCount,
                    (System.nanoTime() - started) / 1e9, dir);
            log.flush();
        }
        return fleet;
    }

    private static String random(SecureRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
