package iotcore.api.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.http.Json;
import iotcore.model.device.Device;
import iotcore.model.device.MonitoringData;

/** A Device as the API shows it (spec §1.3); {@code monitoringData} only in the FULL view. */
public final class DeviceJson {
    private DeviceJson() {
    }

    public static ObjectNode of(Device d, boolean full) {
        ObjectNode node = Json.object().put("id", d.id()).put("registryId", d.registryId());
        Json.putTime(node, "createdAt", d.createdAt());
        Json.putText(node, "name", d.name());
        Json.putText(node, "description", d.description());
        Json.putMap(node, "topicAliases", d.topicAliases());
        Json.putMap(node, "labels", d.labels());
        node.put("status", "ACTIVE");
        if (full) {
            node.set("monitoringData", monitoring(d.monitoring() == null ? MonitoringData.NONE : d.monitoring()));
        }
        return node;
    }

    private static ObjectNode monitoring(MonitoringData m) {
        ObjectNode node = Json.object();
        Json.putText(node, "lastAuthIp", m.lastAuthIp());
        Json.putTime(node, "lastAuthTime", m.lastAuthTime());
        Json.putTime(node, "lastPubActivityTime", m.lastPubActivityTime());
        Json.putTime(node, "lastSubActivityTime", m.lastSubActivityTime());
        Json.putTime(node, "lastOnlineTime", m.lastOnlineTime());
        Json.putTime(node, "lastDisconnectTime", m.lastDisconnectTime());
        return node;
    }
}
