package iotcore.testkit.yc;

import iotcore.testkit.TestCertificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of {@code devices-<registry>.json}, with its certificates (written to
 * {@code device-certs-<registry>/<device>.json}) and topic aliases (written both into the device's
 * {@code topic_aliases} and into {@code aliases-<registry>.json}).
 */
public final class YcDevice {

    private final YcRegistry registry;
    private String id = YcIds.registryOrDeviceId();
    private String name;
    private String description;
    private Instant createdAt = YcIds.pastInstant();
    private String status = "ACTIVE";
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> topicAliases = new LinkedHashMap<>();
    private final List<YcCertificate> certificates = new ArrayList<>();
    private boolean monitoringData;

    YcDevice(YcRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    public YcRegistry registry() {
        return registry;
    }

    public String id() {
        return id;
    }

    /** Replaces the random ID (before certificates are added: they name their owner by ID). */
    public YcDevice id(String value) {
        if (!certificates.isEmpty()) {
            throw new IllegalStateException("set the id of " + this + " before adding certificates");
        }
        this.id = value;
        return this;
    }

    /** The exported name, or {@code null} when the export has none. */
    public String name() {
        return name;
    }

    public YcDevice name(String value) {
        this.name = value;
        return this;
    }

    public String description() {
        return description;
    }

    public YcDevice description(String value) {
        this.description = value;
        return this;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public YcDevice createdAt(Instant value) {
        this.createdAt = value;
        return this;
    }

    public String status() {
        return status;
    }

    public YcDevice status(String value) {
        this.status = value;
        return this;
    }

    public Map<String, String> labels() {
        return Collections.unmodifiableMap(labels);
    }

    public YcDevice label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Adds {@code alias → prefix}; the prefix may use {@code {id}} for this device's ID. */
    public YcDevice alias(String alias, String topicPrefix) {
        topicAliases.put(alias, topicPrefix);
        return this;
    }

    /** The aliases as exported in {@code topic_aliases} ({@code {id}} left as written). */
    public Map<String, String> topicAliases() {
        return Collections.unmodifiableMap(topicAliases);
    }

    /** The aliases with {@code {id}} replaced by this device's ID (what the server must hold). */
    public Map<String, String> resolvedAliases() {
        Map<String, String> resolved = new LinkedHashMap<>();
        topicAliases.forEach((alias, prefix) -> resolved.put(alias, prefix.replace("{id}", id)));
        return resolved;
    }

    /** Also writes a {@code monitoring_data} object, as a FULL view would (the importer ignores it). */
    public YcDevice withMonitoringData() {
        this.monitoringData = true;
        return this;
    }

    boolean hasMonitoringData() {
        return monitoringData;
    }

    /** Adds a newly generated certificate and returns it (to override its fields). */
    public YcCertificate newCertificate() {
        return certificate(null);
    }

    /** Adds a newly generated certificate. */
    public YcDevice withCertificate() {
        newCertificate();
        return this;
    }

    /** Adds this certificate (e.g. one another owner also has); returns the new entry. */
    public YcCertificate certificate(TestCertificate material) {
        YcCertificate certificate = new YcCertificate(YcCertificate.OwnerKind.DEVICE, id, material);
        certificates.add(certificate);
        return certificate;
    }

    public List<YcCertificate> certificates() {
        return Collections.unmodifiableList(certificates);
    }

    /** {@code $devices/<id>/<rest>}. */
    public String topic(String rest) {
        return "$devices/" + id + "/" + rest;
    }

    @Override
    public String toString() {
        return "device " + name + " (" + id + ")";
    }
}
