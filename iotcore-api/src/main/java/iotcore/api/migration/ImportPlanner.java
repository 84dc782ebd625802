package iotcore.api.migration;

import iotcore.api.ApiContext;
import iotcore.api.migration.ImportBatch.Item;
import iotcore.api.migration.ImportPlan.Identity;
import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.credential.OwnerKind;
import iotcore.model.device.Device;
import iotcore.model.registry.Registry;
import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a batch as a whole and against what the database holds, and decides what to create. Runs in one
 * transaction; reads in a few set-wise queries, so ten thousand devices cost milliseconds, not round trips.
 * Every problem goes to {@code problems} with the source location of the element at fault.
 */
final class ImportPlanner {
    private final ApiContext ctx;

    ImportPlanner(ApiContext ctx) {
        this.ctx = ctx;
    }

    ImportPlan plan(Connection c, ImportBatch batch, Violations problems) throws SQLException {
        String folder = batch.folderId();
        boolean folderExists = ctx.access().findFolder(c, folder).isPresent();
        if (!folderExists) {
            ResourceRules.folderId("folderId", folder, problems);
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Item<Registry>> registries = unique(batch.registries(), r -> r.value().id(), "registry", problems);
        Map<String, Item<Device>> devices = unique(batch.devices(), d -> d.value().id(), "device", problems);
        devices.forEach((id, d) -> {
            if (registries.containsKey(id)) {
                problems.add(d.source().at("id"), "device ID " + id + " is also the ID of the registry at "
                        + registries.get(id).source().location() + " (an ID names one resource)");
            }
        });

        Set<String> registryIds = new HashSet<>(registries.keySet());
        devices.values().forEach(d -> registryIds.add(d.value().registryId()));
        Map<String, Registry> storedRegistries = byId(ctx.registries().findAll(c, registryIds), Registry::id);
        Map<String, Device> storedDevices = byId(ctx.devices().findAll(c, devices.keySet()), Device::id);
        for (Registry clash : ctx.registries().findAll(c, devices.keySet())) {
            problems.add(devices.get(clash.id()).source().at("id"), "ID " + clash.id() + " is already used by registry "
                    + clash.id() + " on the server (an ID names one resource)");
        }
        for (Device clash : ctx.devices().findAll(c, registries.keySet())) {
            problems.add(registries.get(clash.id()).source().at("id"), "ID " + clash.id() + " is already used by device "
                    + clash.id() + " (registry " + clash.registryId() + ") on the server (an ID names one resource)");
        }

        List<Registry> folderRegistries = ctx.registries().listAll(c, folder);
        List<Registry> newRegistries = planRegistries(registries, storedRegistries, folderRegistries, folder, problems, warnings);
        int registriesPresent = registries.size() - newRegistries.size();

        Set<String> knownRegistries = new HashSet<>(registries.keySet());
        folderRegistries.forEach(r -> knownRegistries.add(r.id()));
        Set<String> storedInFolder = folderRegistries.stream().map(Registry::id).collect(Collectors.toSet());
        List<Device> neighbours = ctx.devices().listAllInRegistries(c, registryIds.stream().filter(storedInFolder::contains).toList());
        int[] aliasesPresent = {0};
        List<Device> newDevices = planDevices(devices, storedDevices, storedRegistries, knownRegistries, neighbours, folder,
                problems, warnings, aliasesPresent);
        checkAliases(devices, newDevices, neighbours, problems);
        checkQuotas(c, folder, folderRegistries.size(), newRegistries.size(), newDevices.size(), problems);

        Map<String, Device> ownerDevices = new HashMap<>(storedDevices);
        devices.forEach((id, d) -> ownerDevices.putIfAbsent(id, d.value()));
        Set<String> outsideDevices = new HashSet<>();
        batch.certificates().forEach(item -> {
            Owner owner = item.value().owner();
            if (owner.kind() == OwnerKind.DEVICE && !ownerDevices.containsKey(owner.id())) {
                outsideDevices.add(owner.id());
            }
        });
        ctx.devices().findAll(c, outsideDevices).forEach(d -> ownerDevices.put(d.id(), d));
        List<Certificate> newCertificates = new ArrayList<>();
        int certificatesPresent = planCertificates(c, batch, knownRegistries, ownerDevices, problems, newCertificates);

        List<Identity> identities = new ArrayList<>();
        registries.values().forEach(r -> identities.add(new Identity(Owner.registry(r.value().id()), r.value().name(), null)));
        devices.values().forEach(d -> identities.add(new Identity(Owner.device(d.value().id()), d.value().name(),
                d.value().registryId())));
        Set<Owner> withPassword = owners(c, identities, true);
        Set<Owner> withCertificate = owners(c, identities, false);
        newCertificates.forEach(cert -> withCertificate.add(cert.owner()));
        List<Identity> withoutPassword = identities.stream().filter(i -> !withPassword.contains(i.owner())).toList();
        List<Identity> withoutCredentials = withoutPassword.stream().filter(i -> !withCertificate.contains(i.owner())).toList();
        return new ImportPlan(folderExists, newRegistries, registriesPresent, newDevices, devices.size() - newDevices.size(),
                newCertificates, certificatesPresent, aliasesPresent[0], warnings, withoutPassword, withoutCredentials);
    }

    private List<Registry> planRegistries(Map<String, Item<Registry>> registries, Map<String, Registry> stored,
                                          List<Registry> inFolder, String folder, Violations problems, List<String> warnings) {
        Map<String, String> nameOwners = new HashMap<>();
        inFolder.stream().filter(r -> !r.name().isEmpty()).forEach(r -> nameOwners.put(r.name(), "registry " + r.id() + " on the server"));
        List<Registry> create = new ArrayList<>();
        for (Item<Registry> item : registries.values()) {
            Registry r = item.value();
            Registry old = stored.get(r.id());
            if (old != null && !old.folderId().equals(folder)) {
                problems.add(item.source().at("id"), "registry " + r.id() + " already exists in folder " + old.folderId()
                        + " (this import goes to folder " + folder + ")");
            } else if (old != null) {
                List<String> differs = new ArrayList<>();
                compare(differs, "name", old.name(), r.name());
                compare(differs, "description", old.description(), r.description());
                compare(differs, "labels", old.labels(), r.labels());
                compare(differs, "status", old.status(), r.status());
                compare(differs, "log_options", old.logOptions(), r.logOptions());
                if (!differs.isEmpty()) {
                    warnings.add(item.source().location() + ": registry " + r.id() + " is already present with a different "
                            + String.join(", ", differs) + "; left as it is");
                }
            } else {
                if (!r.name().isEmpty()) {
                    String owner = nameOwners.putIfAbsent(r.name(), "registry " + r.id() + " at " + item.source().location());
                    if (owner != null) {
                        problems.add(item.source().at("name"), "name " + r.name() + " is already taken in folder " + folder
                                + " by " + owner);
                    }
                }
                create.add(r);
            }
        }
        return create;
    }

    private List<Device> planDevices(Map<String, Item<Device>> devices, Map<String, Device> stored,
                                     Map<String, Registry> storedRegistries, Set<String> known, List<Device> neighbours,
                                     String folder, Violations problems, List<String> warnings, int[] aliasesPresent) {
        Map<String, String> nameOwners = new HashMap<>();
        neighbours.forEach(d -> nameOwners.put(d.registryId() + "/" + d.name(), "device " + d.id() + " on the server"));
        List<Device> create = new ArrayList<>();
        for (Item<Device> item : devices.values()) {
            Device d = item.value();
            Device old = stored.get(d.id());
            if (!known.contains(d.registryId())) {
                Registry elsewhere = storedRegistries.get(d.registryId());
                problems.add(item.source().at("registryId"), "registry " + d.registryId() + (elsewhere == null
                        ? " is neither in this import nor on the server"
                        : " is in folder " + elsewhere.folderId() + ", not in folder " + folder));
            } else if (old != null && !old.registryId().equals(d.registryId())) {
                problems.add(item.source().at("id"), "device " + d.id() + " already exists in registry " + old.registryId()
                        + ", not in " + d.registryId());
            } else if (old != null) {
                List<String> differs = new ArrayList<>();
                compare(differs, "name", old.name(), d.name());
                compare(differs, "description", old.description(), d.description());
                compare(differs, "labels", old.labels(), d.labels());
                compare(differs, "topic_aliases", old.topicAliases(), d.topicAliases());
                d.topicAliases().forEach((alias, prefix) -> {
                    if (prefix.equals(old.topicAliases().get(alias))) {
                        aliasesPresent[0]++;
                    }
                });
                if (!differs.isEmpty()) {
                    warnings.add(item.source().location() + ": device " + d.id() + " is already present with a different "
                            + String.join(", ", differs) + "; left as it is");
                }
            } else {
                String owner = nameOwners.putIfAbsent(d.registryId() + "/" + d.name(), "device " + d.id() + " at "
                        + item.source().location());
                if (owner != null) {
                    problems.add(item.source().at("name"), "name " + d.name() + " is already taken in registry "
                            + d.registryId() + " by " + owner);
                }
                create.add(d);
            }
        }
        return create;
    }

    /**
     * No alias of a registry may be a prefix of another (spec §1.6). Sorted, every alias that has {@code a}
     * as prefix follows {@code a} directly, so one pass over the sorted list finds every conflict.
     */
    private static void checkAliases(Map<String, Item<Device>> batch, List<Device> created, List<Device> stored,
                                     Violations problems) {
        record Entry(String registryId, String alias, String deviceId, Source source) {
        }
        List<Entry> entries = new ArrayList<>();
        stored.forEach(d -> d.topicAliases().keySet().forEach(a -> entries.add(new Entry(d.registryId(), a, d.id(), null))));
        created.forEach(d -> d.topicAliases().keySet().forEach(a -> entries.add(
                new Entry(d.registryId(), a, d.id(), batch.get(d.id()).source()))));
        entries.sort(Comparator.comparing(Entry::registryId).thenComparing(Entry::alias));
        for (int i = 0; i < entries.size(); i++) {
            Entry a = entries.get(i);
            for (int j = i + 1; j < entries.size(); j++) {
                Entry b = entries.get(j);
                if (!b.registryId.equals(a.registryId) || !b.alias.startsWith(a.alias)) {
                    break;
                }
                if (a.source == null && b.source == null) {
                    continue;
                }
                Entry reported = b.source != null ? b : a;
                Entry other = reported == b ? a : b;
                String where = other.source == null ? "on the server" : "at " + other.source.location();
                problems.add(reported.source.at("topicAliases." + reported.alias), "conflicts with alias \"" + other.alias
                        + "\" of device " + other.deviceId + " (" + where + "): no alias in a registry may be a prefix of another");
            }
        }
    }

    private void checkQuotas(Connection c, String folder, int registriesNow, int newRegistries, int newDevices,
                             Violations problems) throws SQLException {
        int maxRegistries = ctx.quotas().maxRegistriesPerFolder();
        if (maxRegistries > 0 && registriesNow + newRegistries > maxRegistries) {
            problems.add("registries", "quota exceeded: folder " + folder + " would hold " + (registriesNow + newRegistries)
                    + " registries, at most " + maxRegistries + " are allowed (server option --max-registries)");
        }
        int maxDevices = ctx.quotas().maxDevicesPerFolder();
        int devicesNow = maxDevices > 0 ? ctx.devices().countInFolder(c, folder) : 0;
        if (maxDevices > 0 && devicesNow + newDevices > maxDevices) {
            problems.add("devices", "quota exceeded: folder " + folder + " would hold " + (devicesNow + newDevices)
                    + " devices, at most " + maxDevices + " are allowed (server option --max-devices)");
        }
    }

    private int planCertificates(Connection c, ImportBatch batch, Set<String> registries, Map<String, Device> devices,
                                 Violations problems, List<Certificate> create) throws SQLException {
        Map<String, Item<ImportBatch.Certificate>> bySha = new LinkedHashMap<>();
        for (Item<ImportBatch.Certificate> item : batch.certificates()) {
            Owner owner = item.value().owner();
            boolean known = owner.kind() == OwnerKind.REGISTRY ? registries.contains(owner.id())
                    : devices.containsKey(owner.id()) && registries.contains(devices.get(owner.id()).registryId());
            if (!known) {
                problems.add(item.source().at("ownerId"), owner.kind().name().toLowerCase() + " " + owner.id()
                        + " is neither in this import nor on the server in this folder");
                continue;
            }
            var first = bySha.putIfAbsent(item.value().parsed().sha256(), item);
            if (first != null && !first.value().owner().equals(owner)) {
                problems.add(item.source().at("certificateData"), "the same certificate is given to "
                        + describe(first.value().owner()) + " at " + first.source().location()
                        + " (a certificate identifies one device or registry)");
            }
        }
        Map<String, Certificate> stored = byId(ctx.certificates().findAllBySha256(c, bySha.keySet()), Certificate::sha256);
        int present = 0;
        for (Item<ImportBatch.Certificate> item : bySha.values()) {
            ImportBatch.Certificate cert = item.value();
            Certificate old = stored.get(cert.parsed().sha256());
            if (old != null && old.owner().equals(cert.owner())) {
                present++;
            } else if (old != null) {
                problems.add(item.source().at("certificateData"), "certificate " + cert.parsed().sha1()
                        + " is already registered to " + describe(old.owner()) + " on the server (a certificate identifies one owner)");
            } else {
                create.add(new Certificate(cert.owner(), cert.parsed().sha1(), cert.parsed().sha256(), cert.parsed().pem(),
                        cert.parsed().notBefore(), cert.parsed().notAfter(), cert.createdAt()));
            }
        }
        return present;
    }

    private Set<Owner> owners(Connection c, List<Identity> identities, boolean passwords) throws SQLException {
        Set<Owner> out = new HashSet<>();
        for (OwnerKind kind : OwnerKind.values()) {
            List<String> ids = identities.stream().filter(i -> i.owner().kind() == kind).map(i -> i.owner().id()).toList();
            Set<String> found = passwords ? ctx.passwords().ownersWithPasswords(c, kind, ids)
                    : ctx.certificates().ownersWithCertificates(c, kind, ids);
            found.forEach(id -> out.add(new Owner(kind, id)));
        }
        return out;
    }

    /** First occurrence of each ID; later ones are problems naming both places. */
    private static <T> Map<String, Item<T>> unique(List<Item<T>> items, Function<Item<T>, String> id, String what,
                                                   Violations problems) {
        Map<String, Item<T>> out = new LinkedHashMap<>();
        for (Item<T> item : items) {
            Item<T> first = out.putIfAbsent(id.apply(item), item);
            if (first != null) {
                problems.add(item.source().at("id"), "duplicate " + what + " ID " + id.apply(item) + ": also at "
                        + first.source().location());
            }
        }
        return out;
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> out = new HashMap<>();
        items.forEach(item -> out.put(id.apply(item), item));
        return out;
    }

    private static void compare(List<String> differs, String field, Object stored, Object imported) {
        if (!Objects.equals(stored, imported)) {
            differs.add(field);
        }
    }

    private static String describe(Owner owner) {
        return owner.kind().name().toLowerCase() + " " + owner.id();
    }
}
