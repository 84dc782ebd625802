package iotcore.bench.micro;

/**
 * The synthetic IoT fleet the micro-benchmarks route for: {@link #REGISTRIES} registries of {@link #DEVICES_PER_REGISTRY}
 * devices each (10,000 devices), with ids of IoT Core's length (20 characters).
 */
final class Fleet {
    static final int REGISTRIES = 10;
    static final int DEVICES_PER_REGISTRY = 1_000;
    static final int DEVICES = REGISTRIES * DEVICES_PER_REGISTRY;

    private Fleet() {
    }

    static String registry(int r) {
        return String.format("arr%017d", r);
    }

    /** Device {@code d} (0 to {@link #DEVICES} - 1) belongs to registry {@code d / DEVICES_PER_REGISTRY}. */
    static String device(int d) {
        return String.format("are%017d", d);
    }

    static String registryOf(int d) {
        return registry(d / DEVICES_PER_REGISTRY);
    }

    /** Device numbers in a fixed shuffled order, so that successive operations do not walk the trie in insertion order. */
    static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Random random = new java.util.Random(42);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
