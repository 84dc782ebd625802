package iotcore.broker.store;

/** One change to the durable store; a publish, subscribe or acknowledgement produces a few. */
public sealed interface StoreOp permits StoreOp.Put, StoreOp.Delete, StoreOp.DeleteRange {

    record Put(byte[] key, byte[] value) implements StoreOp {
    }

    record Delete(byte[] key) implements StoreOp {
    }

    /** Deletes keys in [from, to). */
    record DeleteRange(byte[] from, byte[] to) implements StoreOp {
    }
}
