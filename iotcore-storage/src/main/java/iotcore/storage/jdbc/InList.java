package iotcore.storage.jdbc;

import java.sql.PreparedStatement;
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

    public static List<List<String>> chunks(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    public static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    /** Binds the keys from parameter {@code first} on; returns the next free parameter index. */
    public static int bind(PreparedStatement ps, int first, List<String> keys) throws SQLException {
        int index = first;
        for (String key : keys) {
            ps.setString(index++, key);
        }
        return index;
    }
}
