package iotcore.testkit.yc;

import iotcore.testkit.TestCertificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One element of {@code registries.json} with its devices and registry certificates. */
public final class YcRegistry {

    private String id = YcIds.registryOrDeviceId();
    private final String folderId;
    private String name;
    private String description;
    private Instant createdAt = YcIds.pastInstant();
    private String status = "ACTIVE";
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Map<String, Object> logOptions;
    private String legacyLogGroupId;
    private final List<YcDevice> devices = new ArrayList<>();
    private final List<YcCertificate> certificates = new ArrayList<>();

    YcRegistry(String folderId, String name) {
        this.folderId = folderId;
        this.name = name;
    }

    public String id() {
        return id;
    }

    /** Replaces the random ID (before devices or certificates are added). */
    public YcRegistry id(String value) {
        if (!devices.isEmpty() || !certificates.isEmpty()) {
            throw new IllegalStateException("set the id of " + this + " before adding devices or certificates");
        }
        this.id = value;
        return this;
    }

    /** The exporting cloud's folder ({@code folder_id}); replaced by {@code --folder} on import. */
    public String folderId() {
        return folderId;
    }

    public String name() {
        return name;
    }

    public YcRegistry name(String value) {
        this.name = value;
        return this;
    }

    public String description() {
        return description;
    }

    public YcRegistry description(String value) {
        this.description = value;
        return this;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public YcRegistry createdAt(Instant value) {
        this.createdAt = value;
        return this;
    }

    public String status() {
        return status;
    }

    /** {@code ACTIVE} (default), {@code DISABLED}, {@code CREATING} or {@code DELETING}. */
    public YcRegistry status(String value) {
        this.status = value;
        return this;
    }

    public Map<String, String> labels() {
        return Collections.unmodifiableMap(labels);
    }

    public YcRegistry label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** {@code log_options} sending to a log group: {@code {log_group_id, min_level}}. */
    public YcRegistry logToGroup(String logGroupId, String minLevel) {
        logOptions = new LinkedHashMap<>();
        logOptions.put("log_group_id", logGroupId);
        logOptions.put("min_level", minLevel);
        return this;
    }

    /** {@code log_options} sending to a folder's default log group: {@code {folder_id, min_level}}. */
    public YcRegistry logToFolder(String folderId, String minLevel) {
        logOptions = new LinkedHashMap<>();
        logOptions.put("folder_id", folderId);
        logOptions.put("min_level", minLevel);
        return this;
    }

    /** {@code log_options: {disabled: true}}. */
    public YcRegistry loggingDisabled() {
        logOptions = new LinkedHashMap<>();
        logOptions.put("disabled", true);
        return this;
    }

    /** The {@code log_options} object with snake_case keys, or {@code null} when absent. */
    public Map<String, Object> logOptions() {
        return logOptions == null ? null : Collections.unmodifiableMap(logOptions);
    }

    /** The older top-level {@code log_group_id} field (the importer ignores it). */
    public YcRegistry legacyLogGroupId(String value) {
        this.legacyLogGroupId = value;
        return this;
    }

    String legacyLogGroupId() {
        return legacyLogGroupId;
    }

    /** Adds a device named {@code name} (null: exported without a name) with a random ID. */
    public YcDevice device(String name) {
        YcDevice device = new YcDevice(this, name);
        devices.add(device);
        return device;
    }

    public List<YcDevice> devices() {
        return Collections.unmodifiableList(devices);
    }

    /** Adds a newly generated registry certificate and returns it. */
    public YcCertificate newCertificate() {
        return certificate(null);
    }

    public YcRegistry withCertificate() {
        newCertificate();
        return this;
    }

    /** Adds this certificate (e.g. one another owner also has); returns the new entry. */
    public YcCertificate certificate(TestCertificate material) {
        YcCertificate certificate = new YcCertificate(YcCertificate.OwnerKind.REGISTRY, id, material);
        certificates.add(certificate);
        return certificate;
    }

    public List<YcCertificate> certificates() {
        return Collections.unmodifiableList(certificates);
    }

    /** {@code $registries/<id>/<rest>}. */
    public String topic(String rest) {
        return "$registries/" + id + "/" + rest;
    }

    @Override
    public String toString() {
        return "registry " + name + " (" + id + ")";
    }
}
