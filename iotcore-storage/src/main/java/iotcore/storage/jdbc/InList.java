package iotcore.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** {@code IN (?, ?, ...)} lists over large key sets, split so no statement carries thousands of parameters. */
public final class InList {
    static final int CHUNK = 500;

    private InList() {
    }

    static List<List<String>> chunks(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    /** Reads the rows of a prepared, bound statement. */
    public interface RowReader<T> {
        List<T> read(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code before + "?, ?, ..." + after} once per chunk of keys (bound from the first parameter) and
     * collects what {@code reader} makes of each result.
     */
    public static <T> List<T> select(Connection c, String before, String after, Collection<String> keys, RowReader<T> reader)
            throws SQLException {
        List<T> out = new ArrayList<>();
        for (List<String> chunk : chunks(keys)) {
            try (PreparedStatement ps = c.prepareStatement(before + marks(chunk.size()) + after)) {
                bind(ps, 1, chunk);
                out.addAll(reader.read(ps));
            }
        }
        return out;
    }

    /** The first column of every row, as strings. */
    public static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Binds the keys from parameter {@code first} on; returns the next free parameter index. */
    static int bind(PreparedStatement ps, int first, List<String> keys) throws SQLException {
        int index = first;
        for (String key : keys) {
            ps.setString(index++, key);
        }
        return index;
    }
}
