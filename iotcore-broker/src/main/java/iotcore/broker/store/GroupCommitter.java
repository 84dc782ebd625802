package iotcore.broker.store;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: one thread writes whatever has queued up since its last write as one RocksDB batch,
 * then syncs the WAL once when any of it asked for durability, then runs the callbacks of all of it (in
 * submission order). While a sync is in flight the next group gathers, so many publishers share each
 * sync and durability does not serialise the broker. The sync is {@code SyncWAL} after an unsynced
 * write rather than a synced write, so that it does not hold RocksDB's write queue: another committer
 * that never syncs (the sent marks, {@link SessionJournal#mark}) is not held up by it.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_GROUP = 4096;

    private record Pending(List<StoreOp> ops, boolean sync, Runnable done) {
    }

    private final RocksDB db;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final WriteOptions plainWrite = new WriteOptions();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean failed;

    GroupCommitter(RocksDB db, String threadName) {
        this.db = db;
        this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
    }

    void submit(List<StoreOp> ops, boolean sync, Runnable done) {
        if (!running) {
            throw new IllegalStateException("the store is closed");
        }
        queue.add(new Pending(ops, sync, done));
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        boolean sync = false;
        try (WriteBatch batch = new WriteBatch()) {
            for (Pending p : group) {
                sync |= p.sync;
                for (StoreOp op : p.ops) {
                    add(batch, op);
                }
            }
            db.write(plainWrite, batch);
            if (sync) {
                db.syncWal();
            }
        } catch (RocksDBException e) {
            // Acknowledgements wait on this write: without it nothing more may be acknowledged.
            failed = true;
            log.error("store_write_failed ops={} status={}: no further message will be acknowledged", group.size(),
                    e.getStatus() == null ? "?" : e.getStatus().getCodeString(), e);
            return;
        }
        for (Pending p : group) {
            if (p.done != null) {
                try {
                    p.done.run();
                } catch (RuntimeException e) {
                    log.warn("store_callback_failed: {}", e.toString());
                }
            }
        }
    }

    static void add(WriteBatch batch, StoreOp op) throws RocksDBException {
        switch (op) {
            case StoreOp.Put put -> batch.put(put.key(), put.value());
            case StoreOp.Delete del -> batch.delete(del.key());
            case StoreOp.DeleteRange range -> batch.deleteRange(range.from(), range.to());
        }
    }

    boolean failed() {
        return failed;
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plainWrite.close();
    }
}
