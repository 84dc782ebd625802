package iotcore.server.migration;

import iotcore.testkit.yc.YcCertificate;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Export trees the migration tests share; every call makes new IDs and new certificates. */
final class Trees {

    private Trees() {}

    /**
     * Three registries as a real folder might hold them:
     * <ul>
     * <li>{@code plant-a}: ACTIVE, description, labels, log group, one registry certificate,
     *     {@code plantDevices} meters; every 10th has two aliases ({@code plant-a/<name>/ → $devices/{id}/}
     *     with a trailing {@code /}, and {@code <name>-events → $devices/<id>/events}), every 50th has no
     *     certificate, every 97th two; meter 1 has no name, meter 2 has monitoring data, meter 3's
     *     fingerprint is exported as SHA-256 and meter 4's in upper case;</li>
     * <li>{@code warehouse}: ACTIVE, logs to a folder, <b>no</b> registry certificate, {@code warehouseDevices}
     *     boxes with certificates; every 25th has an alias {@code wh/<name>/ → $devices/{id}/events/};</li>
     * <li>{@code lab}: DISABLED, logging disabled, the older {@code log_group_id}, two registry
     *     certificates, one device with a certificate and an alias.</li>
     * </ul>
     * plus one broker.
     */
    static YcExportTree realistic(int plantDevices, int warehouseDevices) {
        YcExportTree tree = new YcExportTree();
        YcRegistry plant = tree.registry("plant-a").description("Line sensors, plant A")
                .label("env", "prod").label("site", "plant-a").logToGroup("e23q8u5mb7p2rkt1ltdp", "INFO")
                .withCertificate();
        for (int i = 0; i < plantDevices; i++) {
            String name = String.format(Locale.ROOT, "meter-%05d", i);
            YcDevice meter = plant.device(i == 1 ? null : name).label("line", String.valueOf(i % 8)).label("kind", "meter");
            if (i % 3 == 0) {
                meter.description("Hall " + (i % 5) + ", line " + (i % 8));
            }
            if (i % 10 == 0) {
                meter.alias("plant-a/" + name + "/", "$devices/{id}/")
                        .alias(name + "-events", "$devices/" + meter.id() + "/events");
            }
            if (i % 50 != 49) {
                YcCertificate certificate = meter.newCertificate();
                if (i == 3) {
                    certificate.fingerprint(certificate.material().sha256Hex());
                } else if (i == 4) {
                    certificate.fingerprint(certificate.material().sha1Fingerprint().toUpperCase(Locale.ROOT));
                }
            }
            if (i % 97 == 96) {
                meter.withCertificate();
            }
            if (i == 2) {
                meter.withMonitoringData();
            }
        }
        YcRegistry warehouse = tree.registry("warehouse").label("env", "prod")
                .logToFolder("b1gq90dgh25bebiu75o0", "ERROR");
        for (int i = 0; i < warehouseDevices; i++) {
            String name = String.format(Locale.ROOT, "box-%05d", i);
            YcDevice box = warehouse.device(name).withCertificate();
            if (i % 25 == 0) {
                box.alias("wh/" + name + "/", "$devices/{id}/events/");
            }
        }
        YcRegistry lab = tree.registry("lab").status("DISABLED").legacyLogGroupId("ckgvr0m1a7ntl9k5hq2e")
                .loggingDisabled().withCertificate().withCertificate();
        lab.device("probe-1").description("bench probe").alias("probe/", "$devices/{id}/").withCertificate();
        tree.broker("my-broker");
        return tree;
    }

    /**
     * Two small ACTIVE registries: {@code alpha} (one certificate) with {@code a0} (certificate, aliases
     * {@code alpha/a0/ → $devices/{id}/} and {@code a0-events}), {@code a1} (certificate) and {@code a2}
     * (no certificate, no alias); {@code beta} (one certificate) with {@code b0} and {@code b1}
     * (certificates). No broker.
     */
    static YcExportTree small() {
        YcExportTree tree = new YcExportTree();
        YcRegistry alpha = tree.registry("alpha").description("first").label("team", "one").withCertificate();
        alpha.device("a0").label("pos", "0").alias("alpha/a0/", "$devices/{id}/")
                .alias("a0-events", "$devices/{id}/events").withCertificate();
        alpha.device("a1").description("second device").withCertificate();
        alpha.device("a2");
        YcRegistry beta = tree.registry("beta").withCertificate();
        beta.device("b0").withCertificate();
        beta.device("b1").withCertificate();
        return tree;
    }

    static YcRegistry registry(YcExportTree tree, String name) {
        return tree.registries().stream().filter(r -> name.equals(r.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registry " + name));
    }

    static YcDevice device(YcExportTree tree, String name) {
        return tree.devices().stream().filter(d -> name.equals(d.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device " + name));
    }

    /** The identities of the tree with no certificate: {@code kind:id}, as the summary lists them. */
    static List<String> withoutCertificate(YcExportTree tree) {
        List<String> ids = new ArrayList<>();
        tree.registries().stream().filter(r -> r.certificates().isEmpty()).forEach(r -> ids.add("registry:" + r.id()));
        tree.devices().stream().filter(d -> d.certificates().isEmpty()).forEach(d -> ids.add("device:" + d.id()));
        return ids;
    }
}
