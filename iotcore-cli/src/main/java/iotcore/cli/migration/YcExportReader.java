package iotcore.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.client.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the tree the Yandex migration guide's {@code yc} commands write (docs/import-export.md) into the
 * body of {@code POST /iotcore/v1/imports}. It checks what only the files can tell (JSON syntax, IDs that
 * tie the files together, the alias file against each device's aliases, truncated lists) and leaves the
 * rules of each field to the server, which names problems by the same file and JSON path.
 */
final class YcExportReader {
    /** The {@code --limit} yc lists use when none is given: a list this long was probably cut short. */
    static final int YC_DEFAULT_LIMIT = 1000;
    private static final Set<String> REGISTRY_FIELDS = Set.of("id", "name", "description", "labels", "status", "createdAt",
            "logOptions");
    private static final Set<String> REGISTRY_IGNORED = Set.of("folderId", "logGroupId");
    private static final Set<String> DEVICE_FIELDS = Set.of("id", "registryId", "name", "description", "labels", "createdAt",
            "topicAliases");
    private static final Set<String> DEVICE_IGNORED = Set.of("status", "monitoringData");
    private static final Set<String> CERTIFICATE_FIELDS = Set.of("fingerprint", "certificateData", "createdAt");
    private static final Set<String> CERTIFICATE_IGNORED = Set.of("registryId", "deviceId");

    private final Path dir;
    private final PrintWriter progress;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Set<String> unknownFields = new LinkedHashSet<>();
    private final ArrayNode registries = Json.MAPPER.createArrayNode();
    private final ArrayNode devices = Json.MAPPER.createArrayNode();
    private final ArrayNode certificates = Json.MAPPER.createArrayNode();
    private int brokers;
    private int registryCertificates;
    private int deviceCertificates;
    private int aliases;

    /** What the tree holds, ready to send, and what reading it found. */
    record Result(ArrayNode registries, ArrayNode devices, ArrayNode certificates, List<String> problems,
                  List<String> warnings, List<String> skipped, String counts) {
    }

    YcExportReader(Path dir, PrintWriter progress) {
        this.dir = dir;
        this.progress = progress;
    }

    Result read() {
        TreeFile registryFile = TreeFile.read(dir, "registries.json", problems::add);
        if (registryFile == null && problems.isEmpty()) {
            problems.add("registries.json: not found in " + dir + " (is this the directory the yc export commands wrote?)");
        }
        readBrokers();
        Set<String> registryIds = new LinkedHashSet<>();
        if (registryFile != null) {
            warnIfTruncated(registryFile, "yc iot registry list --folder-id FOLDER --limit 100000 --format json");
            for (Element e : registryFile.elements()) {
                String id = e.required("id", problems::add);
                if (id != null && registry(e, id)) {
                    registryIds.add(id);
                }
            }
        }
        int done = 0;
        for (String registryId : registryIds) {
            readRegistry(registryId);
            progress(++done, registryIds.size(), "registries");
        }
        if (registryFile != null) {
            warnAboutStrayFiles(registryIds);
        }
        unknownFields.forEach(field -> warnings.add(field + ": not imported (iotcore has no such field)"));
        String counts = String.join(", ", count(registries.size(), "registry", "registries"), count(brokers, "broker", "brokers"),
                count(devices.size(), "device", "devices"),
                count(registryCertificates, "registry certificate", "registry certificates"),
                count(deviceCertificates, "device certificate", "device certificates"), count(aliases, "alias", "aliases"));
        return new Result(registries, devices, certificates, problems, warnings, skipped, counts);
    }

    private void readBrokers() {
        TreeFile file = TreeFile.read(dir, "brokers.json", problems::add);
        if (file == null) {
            return;
        }
        brokers = file.size();
        for (Element e : file.elements()) {
            String id = e.text("id", problems::add);
            String name = e.text("name", problems::add);
            warnings.add(e.location() + ": broker " + id + (name == null ? "" : " (" + name + ")")
                    + " not imported: iotcore has no broker resources yet");
        }
    }

    /** Adds the registry unless it is being deleted; false when it is skipped. */
    private boolean registry(Element e, String id) {
        String status = e.text("status", problems::add);
        if ("DELETING".equals(status)) {
            skipped.add("registry " + id);
            warnings.add(e.location() + ": registry " + id + " is DELETING; skipped with its devices, certificates and aliases");
            return false;
        }
        ObjectNode api = e.toApi(REGISTRY_FIELDS, field -> unknownFields.add("registries.json: field " + field), REGISTRY_IGNORED);
        if ("CREATING".equals(status)) {
            api.put("status", "ACTIVE");
            warnings.add(e.location() + ": registry " + id + " was still CREATING; imported as ACTIVE");
        }
        registries.add(api);
        return true;
    }

    private void readRegistry(String registryId) {
        Map<String, ObjectNode> deviceNodes = new LinkedHashMap<>();
        Map<String, String> deviceLocations = new LinkedHashMap<>();
        Set<String> skippedDevices = new HashSet<>();
        String devicesName = "devices-" + registryId + ".json";
        TreeFile deviceFile = TreeFile.read(dir, devicesName, problems::add);
        if (deviceFile == null) {
            missing(devicesName, "registry " + registryId + " is imported without devices");
        } else {
            warnIfTruncated(deviceFile, "yc iot device list --registry-id " + registryId + " --limit 100000 --format json");
            for (Element e : deviceFile.elements()) {
                ObjectNode device = device(e, registryId, skippedDevices);
                String earlier = device == null ? null : deviceLocations.get(device.get("id").textValue());
                if (earlier != null) {
                    problems.add(e.at("id") + ": duplicate device ID " + device.get("id").textValue() + ": also at " + earlier);
                } else if (device != null) {
                    deviceNodes.put(device.get("id").textValue(), device);
                    deviceLocations.put(device.get("id").textValue(), e.location());
                }
            }
        }
        readAliases(registryId, deviceNodes, deviceLocations, skippedDevices);
        devices.addAll(deviceNodes.values());
        readCertificates("registry-certs-" + registryId + ".json", "REGISTRY", registryId, "registryId", true);
        int done = 0;
        for (String deviceId : deviceNodes.keySet()) {
            readCertificates("device-certs-" + registryId + "/" + deviceId + ".json", "DEVICE", deviceId, "deviceId", false);
            progress(++done, deviceNodes.size(), "device certificate files of registry " + registryId);
        }
    }

    private ObjectNode device(Element e, String registryId, Set<String> skippedDevices) {
        String id = e.required("id", problems::add);
        String registry = e.text("registryId", problems::add);
        if (id == null) {
            return null;
        }
        if (registry != null && !registry.equals(registryId)) {
            problems.add(e.at("registryId") + ": is " + registry + ", but the file lists the devices of registry " + registryId);
            return null;
        }
        String status = e.text("status", problems::add);
        if ("CREATING".equals(status)) {
            warnings.add(e.location() + ": device " + id + " was still CREATING; imported");
        }
        if ("DELETING".equals(status)) {
            skipped.add("device " + id);
            warnings.add(e.location() + ": device " + id + " is DELETING; skipped with its certificates and aliases");
            skippedDevices.add(id);
            return null;
        }
        ObjectNode api = e.toApi(DEVICE_FIELDS, field -> unknownFields.add("devices-*.json: field " + field), DEVICE_IGNORED);
        api.put("registryId", registryId);
        if (e.get("name") == null) {
            api.put("name", id);
            warnings.add(e.location() + ": device " + id + " has no name; imported with its ID as name");
        }
        return api;
    }

    /**
     * {@code aliases-<registry>.json} repeats every device's {@code topic_aliases}. An alias found only
     * there is added to its device (with a warning); one that says something else is a problem.
     */
    private void readAliases(String registryId, Map<String, ObjectNode> deviceNodes, Map<String, String> deviceLocations,
                             Set<String> skippedDevices) {
        deviceNodes.values().forEach(d -> aliases += d.path("topicAliases").size());
        String name = "aliases-" + registryId + ".json";
        TreeFile file = TreeFile.read(dir, name, problems::add);
        if (file == null) {
            missing(name, "the aliases are taken from each device's topic_aliases");
            return;
        }
        warnIfTruncated(file, "yc iot registry list-device-topic-aliases " + registryId + " --limit 100000 --format json");
        for (Element e : file.elements()) {
            String deviceId = e.required("deviceId", problems::add);
            String alias = e.required("alias", problems::add);
            String prefix = e.required("topicPrefix", problems::add);
            if (deviceId == null || alias == null || prefix == null || skippedDevices.contains(deviceId)) {
                continue;
            }
            ObjectNode device = deviceNodes.get(deviceId);
            if (device == null) {
                problems.add(e.at("deviceId") + ": device " + deviceId + " is not in devices-" + registryId + ".json");
                continue;
            }
            String resolved = prefix.replace("{id}", deviceId);
            JsonNode own = device.get("topicAliases");
            if (own != null && !own.isObject()) {
                continue; // the server reports the device's malformed topic_aliases
            }
            JsonNode known = own == null ? null : own.get(alias);
            if (known == null) {
                ObjectNode map = own == null ? device.putObject("topicAliases") : (ObjectNode) own;
                map.put(alias, prefix);
                aliases++;
                warnings.add(e.location() + ": alias \"" + alias + "\" of device " + deviceId + " is missing from its "
                        + "topic_aliases in " + deviceLocations.get(deviceId) + "; imported from " + name);
            } else if (!known.isTextual() || !known.textValue().replace("{id}", deviceId).equals(resolved)) {
                problems.add(e.location() + ": alias \"" + alias + "\" maps to " + prefix + " here but to " + known
                        + " in " + deviceLocations.get(deviceId) + ".topic_aliases");
            }
        }
    }

    private void readCertificates(String name, String ownerKind, String ownerId, String ownerField, boolean registry) {
        TreeFile file = TreeFile.read(dir, name, problems::add);
        if (file == null) {
            missing(name, ownerKind.toLowerCase() + " " + ownerId + " is imported without certificates");
            return;
        }
        for (Element e : file.elements()) {
            String owner = e.text(ownerField, problems::add);
            if (owner != null && !owner.equals(ownerId)) {
                problems.add(e.at(ownerField) + ": is " + owner + ", but the file holds the certificates of "
                        + ownerKind.toLowerCase() + " " + ownerId);
                continue;
            }
            if (e.get("certificateData") == null) {
                problems.add(e.at("certificateData") + ": is required");
                continue;
            }
            ObjectNode api = e.toApi(CERTIFICATE_FIELDS, field -> unknownFields.add(name.replaceAll("/.*", "/*") + ": field " + field),
                    CERTIFICATE_IGNORED);
            certificates.add(api.put("ownerKind", ownerKind).put("ownerId", ownerId));
            if (registry) {
                registryCertificates++;
            } else {
                deviceCertificates++;
            }
        }
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private void missing(String name, String consequence) {
        warnings.add(name + ": not found; " + consequence);
    }

    private void warnIfTruncated(TreeFile file, String command) {
        if (file.size() == YC_DEFAULT_LIMIT) {
            warnings.add(file.name() + ": holds exactly " + YC_DEFAULT_LIMIT + " entries, yc's default --limit, so the export"
                    + " was probably cut short. Re-export it with: " + command);
        }
    }

    /** Files of registries that registries.json does not list are not read: say so rather than drop them silently. */
    private void warnAboutStrayFiles(Set<String> registryIds) {
        Set<String> stray = new TreeSet<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).forEach(name -> {
                String registry = registryOf(name);
                if (registry != null && !registryIds.contains(registry) && !isSkipped(registry)) {
                    stray.add(name);
                }
            });
        } catch (IOException e) {
            problems.add(dir + ": cannot be listed: " + e.getMessage());
        }
        stray.forEach(name -> warnings.add(name + ": belongs to a registry that registries.json does not list; not imported"));
    }

    private boolean isSkipped(String registryId) {
        return skipped.contains("registry " + registryId);
    }

    private static String registryOf(String fileName) {
        for (String prefix : List.of("devices-", "registry-certs-", "aliases-")) {
            if (fileName.startsWith(prefix) && fileName.endsWith(".json")) {
                return fileName.substring(prefix.length(), fileName.length() - ".json".length());
            }
        }
        return fileName.startsWith("device-certs-") ? fileName.substring("device-certs-".length()) : null;
    }

    private void progress(int done, int total, String what) {
        if (total >= 2000 && (done % 2000 == 0 || done == total)) {
            progress.println("reading " + what + ": " + done + "/" + total);
            progress.flush();
        }
    }
}
