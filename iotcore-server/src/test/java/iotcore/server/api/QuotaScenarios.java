package iotcore.server.api;

import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.done;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Quotas: scenarios 5 and 6 (i: code RESOURCE_EXHAUSTED). The limits are small options of a
 * separate server so that the shared server stays unlimited; quotas count per folder.
 */
interface QuotaScenarios extends ApiFixture {

    @Test
    @Timeout(180)
    default void registryAndDeviceQuotasAnswerResourceExhausted() { // §8.5, §8.6
        withExtraServer(new String[] {"--max-registries", "3", "--max-devices", "4"}, api -> {
            String folder = api.newFolder();
            String r1 = api.createRegistry(folder, "q1").path("id").asText();
            String r2 = api.createRegistry(folder, "q2").path("id").asText();
            String r3 = api.createRegistry(folder, "q3").path("id").asText();

            Problem.expect(api.createRegistryResponse(body("folderId", folder, "name", "q4")), 429, Problem.RESOURCE_EXHAUSTED);
            assertThat(api.registriesIn(folder)).hasSize(3);

            api.createDevice(r1, "d1");
            api.createDevice(r1, "d2");
            api.createDevice(r1, "d3");
            String d4 = api.createDevice(r2, "d4").path("id").asText();
            Problem.expect(api.post(DEVICES + "/devices", body("registryId", r3, "name", "d5")), 429,
                    Problem.RESOURCE_EXHAUSTED);
            assertThat(api.devicesIn(r3)).isEmpty();

            done(api.delete(DEVICES + "/devices/" + d4));
            api.createDevice(r3, "d5"); // deleting frees quota

            String otherFolder = api.newFolder();
            String other = api.createRegistry(otherFolder, "q1").path("id").asText();
            api.createDevice(other, "d1");
        });
    }
}
