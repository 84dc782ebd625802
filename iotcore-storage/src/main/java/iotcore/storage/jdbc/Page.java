package iotcore.storage.jdbc;

import java.util.List;

/** One page of a listing: {@code nextOffset} is -1 on the last page. */
public record Page<T>(List<T> items, long nextOffset) {
    public boolean last() {
        return nextOffset < 0;
    }

    /** Builds a page from a query that fetched {@code limit + 1} rows starting at {@code offset}. */
    public static <T> Page<T> of(List<T> fetched, long offset, int limit) {
        if (fetched.size() > limit) {
            return new Page<>(List.copyOf(fetched.subList(0, limit)), offset + limit);
        }
        return new Page<>(List.copyOf(fetched), -1);
    }
}
