package iotcore.broker.store;

import iotcore.broker.auth.Identity;
import iotcore.broker.permanent.PermanentStore;
import org.rocksdb.Checkpoint;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Persistent sessions and permanent values in RocksDB (an LSM tree with a write-ahead log: every
 * change is one small append, syncs are shared through {@link GroupCommitter}). Key layout:
 *
 * <pre>
 *   'S' uuid                 session: identity, client id, disconnected-at, sent-up-to when last saved
 *   'U' uuid filter          subscription: granted QoS
 *   'Q' uuid seq(8, big end) queued QoS 1 message: flags (QoS, 0x80 sent when stored), visible topic, payload
 *   'M' uuid                 sent-up-to: the queued messages up to this sequence were sent (seq, 8 bytes)
 *   'R' uuid packet id(2)    QoS 2 from the client: PUBREC sent, PUBREL not yet received
 *   'P' registry 0x00 topic  permanent value: QoS, payload
 * </pre>
 */
public final class RocksJournal implements SessionJournal {
    private static final Logger log = LoggerFactory.getLogger(RocksJournal.class);
    private static final byte SESSION = 'S';
    private static final byte SUBSCRIPTION = 'U';
    private static final byte QUEUED = 'Q';
    private static final byte SENT_UP_TO = 'M';
    private static final byte QOS2 = 'R';
    private static final int SENT_FLAG = 0x80;
    private static final byte PERMANENT = 'P';

    private final RocksDB db;
    private final Options options;
    private final GroupCommitter committer;
    private final GroupCommitter marks;

    private RocksJournal(RocksDB db, Options options) {
        this.db = db;
        this.options = options;
        this.committer = new GroupCommitter(db, "store-commit");
        this.marks = new GroupCommitter(db, "store-marks");
    }

    public static RocksJournal open(Path dir) throws IOException {
        RocksDB.loadLibrary();
        Files.createDirectories(dir);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksJournal(RocksDB.open(options, dir.toString()), options);
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the store in " + dir + ": " + e.getMessage(), e);
        }
    }

    // --- loading ------------------------------------------------------------------------------------

    @Override
    public List<StoredSession> loadSessions() {
        Map<UUID, byte[]> metas = new LinkedHashMap<>();
        Map<UUID, Map<String, Integer>> subscriptions = new HashMap<>();
        Map<UUID, List<StoredMessage>> queues = new HashMap<>();
        Map<UUID, Long> sentUpTo = new HashMap<>();
        Map<UUID, Set<Integer>> qos2 = new HashMap<>();
        scan(SESSION, (k, v) -> metas.put(uuid(k, 1), v));
        scan(SUBSCRIPTION, (k, v) -> subscriptions.computeIfAbsent(uuid(k, 1), u -> new LinkedHashMap<>())
                .put(new String(k, 17, k.length - 17, StandardCharsets.UTF_8), (int) v[0]));
        scan(QUEUED, (k, v) -> queues.computeIfAbsent(uuid(k, 1), u -> new ArrayList<>()).add(message(ByteBuffer.wrap(k, 17, 8).getLong(), v)));
        scan(SENT_UP_TO, (k, v) -> sentUpTo.put(uuid(k, 1), ByteBuffer.wrap(v).getLong()));
        scan(QOS2, (k, v) -> qos2.computeIfAbsent(uuid(k, 1), u -> new HashSet<>()).add((int) ByteBuffer.wrap(k, 17, 2).getChar()));
        List<StoredSession> out = new ArrayList<>();
        metas.forEach((id, meta) -> {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(meta))) {
                char kind = (char) in.readByte();
                String identityId = in.readUTF();
                String registryId = in.readUTF();
                String clientId = in.readUTF();
                long disconnectedAt = in.readLong();
                long sent = Math.max(in.readLong(), sentUpTo.getOrDefault(id, 0L));
                Identity identity = kind == 'r' ? new Identity.Registry(identityId) : new Identity.Device(identityId, registryId);
                out.add(new StoredSession(id, identity, clientId, disconnectedAt, sent, subscriptions.getOrDefault(id, Map.of()),
                        queues.getOrDefault(id, List.of()), qos2.getOrDefault(id, Set.of())));
            } catch (IOException e) {
                log.warn("store_session_unreadable id={}: {}", id, e.toString());
            }
        });
        return out;
    }

    @Override
    public List<PermanentStore.Value> loadPermanent() {
        List<PermanentStore.Value> out = new ArrayList<>();
        scan(PERMANENT, (k, v) -> {
            int zero = indexOf(k, (byte) 0, 1);
            String registryId = new String(k, 1, zero - 1, StandardCharsets.UTF_8);
            String topic = new String(k, zero + 1, k.length - zero - 1, StandardCharsets.UTF_8);
            out.add(new PermanentStore.Value(registryId, topic, Arrays.copyOfRange(v, 1, v.length), v[0]));
        });
        return out;
    }

    private interface Visitor {
        void visit(byte[] key, byte[] value);
    }

    private void scan(byte type, Visitor visitor) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {type}); it.isValid() && it.key()[0] == type; it.next()) {
                visitor.visit(it.key(), it.value());
            }
        }
    }

    private static StoredMessage message(long seq, byte[] v) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(v))) {
            int flags = in.readUnsignedByte();
            String topic = in.readUTF();
            return new StoredMessage(seq, topic, flags & 3, in.readAllBytes(), (flags & SENT_FLAG) != 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- changes --------------------------------------------------------------------------------------

    @Override
    public StoreOp sessionMeta(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long sentUpTo) {
        return new StoreOp.Put(key(SESSION, id), bytes(out -> {
            out.writeByte(identity instanceof Identity.Registry ? 'r' : 'd');
            out.writeUTF(identity.id());
            out.writeUTF(identity.registryId());
            out.writeUTF(clientId);
            out.writeLong(disconnectedAtMillis);
            out.writeLong(sentUpTo);
        }));
    }

    @Override
    public List<StoreOp> deleteSession(UUID id) {
        return List.of(new StoreOp.Delete(key(SESSION, id)), new StoreOp.Delete(key(SENT_UP_TO, id)),
                new StoreOp.DeleteRange(key(SUBSCRIPTION, id), increment(key(SUBSCRIPTION, id))),
                new StoreOp.DeleteRange(key(QUEUED, id), increment(key(QUEUED, id))),
                new StoreOp.DeleteRange(key(QOS2, id), increment(key(QOS2, id))));
    }

    @Override
    public StoreOp subscribe(UUID id, String filter, int qos) {
        return new StoreOp.Put(concat(key(SUBSCRIPTION, id), filter.getBytes(StandardCharsets.UTF_8)), new byte[] {(byte) qos});
    }

    @Override
    public StoreOp unsubscribe(UUID id, String filter) {
        return new StoreOp.Delete(concat(key(SUBSCRIPTION, id), filter.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public StoreOp enqueue(UUID id, long seq, String topic, int qos, byte[] payload, boolean sent) {
        return new StoreOp.Put(queueKey(id, seq), bytes(out -> {
            out.writeByte(qos | (sent ? SENT_FLAG : 0));
            out.writeUTF(topic);
            out.write(payload);
        }));
    }

    @Override
    public StoreOp dequeue(UUID id, long seq) {
        return new StoreOp.Delete(queueKey(id, seq));
    }

    @Override
    public StoreOp sentUpTo(UUID id, long seq) {
        return new StoreOp.Put(key(SENT_UP_TO, id), ByteBuffer.allocate(8).putLong(seq).array());
    }

    @Override
    public StoreOp qos2Received(UUID id, int packetId) {
        return new StoreOp.Put(qos2Key(id, packetId), new byte[0]);
    }

    @Override
    public StoreOp qos2Released(UUID id, int packetId) {
        return new StoreOp.Delete(qos2Key(id, packetId));
    }

    @Override
    public StoreOp permanent(PermanentStore.Value value) {
        byte[] v = new byte[value.payload().length + 1];
        v[0] = (byte) value.qos();
        System.arraycopy(value.payload(), 0, v, 1, value.payload().length);
        return new StoreOp.Put(permanentKey(value.registryId(), value.topic()), v);
    }

    @Override
    public StoreOp removePermanent(String registryId, String topicPrefix) {
        byte[] from = permanentKey(registryId, topicPrefix);
        return new StoreOp.DeleteRange(from, increment(from));
    }

    @Override
    public void commit(List<StoreOp> ops, boolean sync, Runnable onDurable) {
        committer.submit(ops, sync, onDurable);
    }

    @Override
    public void mark(StoreOp op, Runnable onWritten) {
        marks.submit(List.of(op), false, onWritten);
    }

    /** A consistent copy of the store in {@code dir} (which must not exist), taken while it runs. */
    public void checkpoint(Path dir) throws IOException {
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(dir.toString());
        } catch (RocksDBException e) {
            throw new IOException("checkpoint to " + dir + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        marks.close();
        committer.close();
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            log.warn("store_sync_on_close_failed: {}", e.getMessage());
        }
        db.close();
        options.close();
    }

    // --- keys -------------------------------------------------------------------------------------------

    private static byte[] key(byte type, UUID id) {
        return ByteBuffer.allocate(17).put(type).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] queueKey(UUID id, long seq) {
        return ByteBuffer.allocate(25).put(key(QUEUED, id)).putLong(seq).array();
    }

    private static byte[] qos2Key(UUID id, int packetId) {
        return ByteBuffer.allocate(19).put(key(QOS2, id)).putChar((char) packetId).array();
    }

    private static byte[] permanentKey(String registryId, String topic) {
        return concat(concat(new byte[] {PERMANENT}, registryId.getBytes(StandardCharsets.UTF_8)),
                concat(new byte[] {0}, topic.getBytes(StandardCharsets.UTF_8)));
    }

    private static UUID uuid(byte[] key, int at) {
        ByteBuffer b = ByteBuffer.wrap(key, at, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The smallest key greater than every key starting with {@code prefix}. */
    private static byte[] increment(byte[] prefix) {
        byte[] out = prefix.clone();
        for (int i = out.length - 1; i >= 0; i--) {
            if (out[i] != (byte) 0xFF) {
                out[i]++;
                return Arrays.copyOf(out, i + 1);
            }
        }
        return concat(prefix, new byte[] {0});
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return a.length;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
