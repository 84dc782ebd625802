package iotcore.api.migration;

import iotcore.api.http.Body;
import iotcore.api.registry.LogOptions;
import iotcore.model.credential.Owner;
import iotcore.model.credential.OwnerKind;
import iotcore.model.credential.ParsedCertificate;
import iotcore.model.device.Device;
import iotcore.model.device.MonitoringData;
import iotcore.model.error.ServiceException;
import iotcore.model.registry.Registry;
import iotcore.model.registry.RegistryStatus;
import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;
import iotcore.model.topic.TopicAliasRules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The body of {@code POST /iotcore/v1/imports}, read and checked element by element: the shape rules the
 * REST API applies to a create, with each problem named by the element's {@link Source}. Checks that need
 * the whole batch or the database are {@link ImportPlanner}'s.
 */
record ImportBatch(String folderId, boolean dryRun, boolean generatePasswords, List<Item<Registry>> registries,
                   List<Item<Device>> devices, List<Item<Certificate>> certificates) {

    /** One element and where it came from. */
    record Item<T>(Source source, T value) {
    }

    /** A certificate to register: its owner, the parsed PEM and the creation time to keep. */
    record Certificate(Owner owner, ParsedCertificate parsed, Instant createdAt) {
    }

    /** Faults that leave nothing to refer to: without these fields the element is dropped from the checks. */
    private static final Set<String> UNUSABLE = Set.of("id", "registryId", "ownerKind", "ownerId", "certificateData");
    private static final Set<String> TOP = Set.of("folderId", "dryRun", "generatePasswords", "registries", "devices",
            "certificates");
    private static final Set<String> COMMON = Set.of("source", "sourceCase");
    private static final Set<String> REGISTRY = with("id", "name", "description", "labels", "status", "createdAt", "logOptions");
    private static final Set<String> DEVICE = with("id", "registryId", "name", "description", "labels", "createdAt",
            "topicAliases");
    private static final Set<String> CERTIFICATE = with("ownerKind", "ownerId", "fingerprint", "certificateData", "createdAt");

    /** Reads the body; every problem goes to {@code problems}, the elements with problems are left out. */
    static ImportBatch read(Body body, Violations problems) {
        body.allowOnly(TOP);
        String folderId = body.string("folderId");
        if (folderId.isEmpty()) {
            folderId = "default";
        }
        boolean dryRun = body.bool("dryRun");
        boolean generatePasswords = body.bool("generatePasswords");
        List<Item<Registry>> registries = new ArrayList<>();
        List<Item<Device>> devices = new ArrayList<>();
        List<Item<Certificate>> certificates = new ArrayList<>();
        List<Body> registryBodies = body.objects("registries");
        List<Body> deviceBodies = body.objects("devices");
        List<Body> certificateBodies = body.objects("certificates");
        body.violations().list().forEach(v -> problems.add(v.field(), v.description()));
        for (int i = 0; i < registryBodies.size(); i++) {
            read(registryBodies.get(i), "registries[" + i + "]", REGISTRY, ImportBatch::registry, folderId).addTo(registries, problems);
        }
        for (int i = 0; i < deviceBodies.size(); i++) {
            read(deviceBodies.get(i), "devices[" + i + "]", DEVICE, ImportBatch::device, folderId).addTo(devices, problems);
        }
        String folder = folderId;
        // Parsing ten thousand X.509 certificates is most of the reading: use every core, keep the order.
        IntStream.range(0, certificateBodies.size()).parallel()
                .mapToObj(i -> read(certificateBodies.get(i), "certificates[" + i + "]", CERTIFICATE, ImportBatch::certificate, folder))
                .toList()
                .forEach(result -> result.addTo(certificates, problems));
        return new ImportBatch(folderId, dryRun, generatePasswords, List.copyOf(registries), List.copyOf(devices),
                List.copyOf(certificates));
    }

    private interface ElementReader<T> {
        T read(Body element, String folderId, Violations v);
    }

    /** One element read: its item, or the problems that keep it out. */
    private record Read<T>(Item<T> item, Violations problems) {
        void addTo(List<Item<T>> items, Violations all) {
            problems.list().forEach(v -> all.add(v.field(), v.description()));
            if (item != null) {
                items.add(item);
            }
        }
    }

    private static <T> Read<T> read(Body element, String fallback, Set<String> allowed, ElementReader<T> reader, String folderId) {
        String location = element.string("source");
        Source source = new Source(location.isEmpty() ? fallback : location,
                element.string("sourceCase").equalsIgnoreCase("snake"));
        element.allowOnly(allowed);
        Violations own = new Violations();
        T value = reader.read(element, folderId, own);
        Violations problems = new Violations();
        element.violations().list().forEach(v -> problems.add(source.at(v.field()), v.description()));
        own.list().forEach(v -> problems.add(source.at(v.field()), v.description()));
        // An element whose only faults are in its fields stays in, so that what refers to it is not reported too.
        boolean usable = problems.isEmpty() || own.list().stream().noneMatch(v -> UNUSABLE.contains(v.field()))
                && element.violations().list().stream().noneMatch(v -> UNUSABLE.contains(v.field()));
        return new Read<>(usable ? new Item<>(source, value) : null, problems);
    }

    private static Registry registry(Body b, String folderId, Violations v) {
        String id = b.string("id");
        ResourceRules.id("id", id, v);
        String name = b.string("name");
        ResourceRules.name("name", name, false, v);
        String description = b.string("description");
        ResourceRules.description("description", description, v);
        Map<String, String> labels = b.stringMap("labels");
        ResourceRules.labels("labels", labels, v);
        RegistryStatus status = RegistryStatus.ACTIVE;
        String statusName = b.string("status");
        if (statusName.equals("DISABLED")) {
            status = RegistryStatus.DISABLED;
        } else if (!statusName.isEmpty() && !statusName.equals("ACTIVE")) {
            v.add("status", "must be ACTIVE or DISABLED (got \"" + clip(statusName) + "\")");
        }
        Instant createdAt = createdAt(b, v);
        String logOptions = LogOptions.read(b);
        return new Registry(id, folderId, createdAt, name, description, labels, status, logOptions);
    }

    private static Device device(Body b, String folderId, Violations v) {
        String id = b.string("id");
        ResourceRules.id("id", id, v);
        String registryId = b.string("registryId");
        ResourceRules.id("registryId", registryId, v);
        String name = b.string("name");
        ResourceRules.name("name", name, true, v);
        String description = b.string("description");
        ResourceRules.description("description", description, v);
        Map<String, String> labels = b.stringMap("labels");
        ResourceRules.labels("labels", labels, v);
        Instant createdAt = createdAt(b, v);
        Map<String, String> aliases = TopicAliasRules.resolvePlaceholder(b.stringMap("topicAliases"), id);
        if (!id.isEmpty()) {
            TopicAliasRules.check("topicAliases", aliases, id, TopicAliasRules.MAX_ALIASES_PER_DEVICE, v);
        }
        return new Device(id, registryId, createdAt, name, description, aliases, labels, MonitoringData.NONE);
    }

    private static Certificate certificate(Body b, String folderId, Violations v) {
        String kindName = b.string("ownerKind").toUpperCase(Locale.ROOT);
        OwnerKind kind = null;
        if (kindName.equals("REGISTRY") || kindName.equals("DEVICE")) {
            kind = OwnerKind.valueOf(kindName);
        } else {
            v.add("ownerKind", "must be REGISTRY or DEVICE");
        }
        String ownerId = b.string("ownerId");
        ResourceRules.id("ownerId", ownerId, v);
        Instant createdAt = createdAt(b, v);
        String fingerprint = b.string("fingerprint").toLowerCase(Locale.ROOT);
        ParsedCertificate parsed = null;
        try {
            parsed = ParsedCertificate.parse("certificateData", b.string("certificateData"));
        } catch (ServiceException e) {
            e.violations().forEach(fv -> v.add(fv.field(), fv.description()));
        }
        if (parsed != null && !fingerprint.isEmpty() && !fingerprint.equals(parsed.sha1())
                && !fingerprint.equals(parsed.sha256())) {
            v.add("fingerprint", clip(fingerprint) + " does not match the certificate (its SHA-1 fingerprint is "
                    + parsed.sha1() + ", its SHA-256 " + parsed.sha256() + ")");
        }
        return new Certificate(kind == null ? null : new Owner(kind, ownerId), parsed, createdAt);
    }

    /** The element's RFC 3339 creation time, or now when it has none. */
    private static Instant createdAt(Body b, Violations v) {
        String text = b.string("createdAt");
        if (text.isEmpty()) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            v.add("createdAt", "must be an RFC 3339 time such as 2023-03-14T09:12:45.123Z (got \"" + clip(text) + "\")");
            return Instant.EPOCH;
        }
    }

    private static Set<String> with(String... fields) {
        Set<String> all = new java.util.HashSet<>(COMMON);
        all.addAll(List.of(fields));
        return Set.copyOf(all);
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
