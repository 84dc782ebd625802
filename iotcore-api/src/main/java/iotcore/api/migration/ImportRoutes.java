package iotcore.api.migration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.access.Guard;
import iotcore.api.http.Json;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.api.migration.ImportPlan.Identity;
import iotcore.model.access.Folder;
import iotcore.model.credential.Owner;
import iotcore.model.credential.PasswordEntry;
import iotcore.model.device.Device;
import iotcore.model.error.Code;
import iotcore.model.error.ServiceException;
import iotcore.model.rules.Ids;
import iotcore.model.rules.PasswordGenerator;
import iotcore.model.rules.Violations;
import iotcore.storage.credential.PasswordHasher;
import iotcore.storage.jdbc.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /iotcore/v1/imports} (docs/import-export.md): registries, devices, certificates and aliases
 * with their original IDs, all checked before anything is written and then written in one transaction.
 * Admin only.
 */
public final class ImportRoutes {
    /** An export of tens of thousands of devices with certificates runs to tens of megabytes. */
    public static final int MAX_BODY_BYTES = 256 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ImportRoutes.class);

    private final ApiContext ctx;
    private final ImportPlanner planner;
    private final PasswordHasher generatedHasher = PasswordHasher.forGeneratedSecrets();

    public ImportRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.planner = new ImportPlanner(ctx);
    }

    public void register(Router router, String prefix) {
        router.add("POST", prefix + "/imports", this::importBatch, MAX_BODY_BYTES);
    }

    private Response importBatch(Request r) {
        Guard.isAdmin(r.token());
        long started = System.nanoTime();
        Violations problems = new Violations();
        ImportBatch batch = ImportBatch.read(r.jsonBody(), problems);
        long read = System.nanoTime();
        Map<Identity, String> passwords = Map.of();
        Map<PasswordEntry, String> hashes = Map.of();
        if (batch.dryRun() || batch.generatePasswords()) {
            // Who needs a password is known only after planning, and hashing them must not hold the transaction.
            ImportPlan plan = ctx.db().inTransaction("plan import", c -> planner.plan(c, batch, problems));
            refuseIf(problems);
            if (batch.dryRun()) {
                return Response.ok(summary(batch, plan, Map.of()));
            }
            passwords = generate(plan.withoutPassword());
            hashes = hash(passwords);
        }
        long hashed = System.nanoTime();
        Map<PasswordEntry, String> toStore = hashes;
        ImportPlan written = ctx.db().inTransaction("import", c -> {
            ImportPlan plan = planner.plan(c, batch, problems); // checked again inside the writing transaction
            refuseIf(problems);
            if (!plan.folderExists()) {
                ctx.access().insertFolder(c, new Folder(batch.folderId(), "Imported", Rows.now()));
            }
            ctx.registries().insertAll(c, plan.registries());
            ctx.devices().insertAll(c, plan.devices());
            ctx.certificates().insertAll(c, plan.certificates());
            ctx.passwords().insertAll(c, toStore);
            return plan;
        });
        for (Device d : written.devices()) {
            if (!d.topicAliases().isEmpty()) {
                ctx.dataPlane().deviceChanged(d.id(), d.registryId()); // the broker caches each registry's aliases
            }
        }
        long done = System.nanoTime();
        log.info("import_done folder={} registries={} devices={} certificates={} aliases={} passwords={} read_ms={} "
                        + "passwords_ms={} write_ms={}", batch.folderId(), written.registries().size(), written.devices().size(),
                written.certificates().size(), written.aliasesCreated(), passwords.size(), (read - started) / 1_000_000,
                (hashed - read) / 1_000_000, (done - hashed) / 1_000_000);
        return Response.ok(summary(batch, written, passwords));
    }

    private static void refuseIf(Violations problems) {
        if (!problems.isEmpty()) {
            throw new ServiceException(Code.INVALID_ARGUMENT, "import refused: " + problems.list().size()
                    + " problem(s); nothing was written", problems.list());
        }
    }

    private static Map<Identity, String> generate(List<Identity> identities) {
        PasswordGenerator generator = new PasswordGenerator();
        Map<Identity, String> out = new LinkedHashMap<>();
        identities.forEach(i -> out.put(i, generator.generate()));
        return out;
    }

    /** Hashes on every core: ten thousand Argon2id hashes are the slow part of an import. */
    private Map<PasswordEntry, String> hash(Map<Identity, String> passwords) {
        Instant now = Rows.now();
        Map<PasswordEntry, String> out = new ConcurrentHashMap<>();
        passwords.entrySet().parallelStream().forEach(e -> out.put(
                new PasswordEntry(e.getKey().owner(), Ids.next("pwd"), now), generatedHasher.hash(e.getValue())));
        return out;
    }

    private static ObjectNode summary(ImportBatch batch, ImportPlan plan, Map<Identity, String> passwords) {
        ObjectNode out = Json.object().put("folderId", batch.folderId()).put("dryRun", batch.dryRun())
                .put("folderCreated", !plan.folderExists());
        counts(out, "registries", plan.registries().size(), plan.registriesPresent());
        counts(out, "devices", plan.devices().size(), plan.devicesPresent());
        counts(out, "certificates", plan.certificates().size(), plan.certificatesPresent());
        counts(out, "aliases", plan.aliasesCreated(), plan.aliasesPresent());
        out.put("passwordsGenerated", passwords.size());
        ArrayNode warnings = out.putArray("warnings");
        plan.warnings().forEach(warnings::add);
        ArrayNode without = out.putArray("withoutCredentials");
        plan.withoutCredentials().stream().filter(i -> !passwords.containsKey(i)).forEach(i -> without.add(identity(i)));
        ArrayNode generated = out.putArray("passwords");
        passwords.forEach((i, password) -> generated.add(identity(i).put("password", password)));
        return out;
    }

    private static void counts(ObjectNode out, String field, int created, int present) {
        out.putObject(field).put("created", created).put("alreadyPresent", present);
    }

    private static ObjectNode identity(Identity i) {
        Owner owner = i.owner();
        ObjectNode node = Json.object().put("kind", owner.kind().name().toLowerCase()).put("id", owner.id());
        Json.putText(node, "name", i.name());
        return Json.putText(node, "registryId", i.registryId());
    }
}
