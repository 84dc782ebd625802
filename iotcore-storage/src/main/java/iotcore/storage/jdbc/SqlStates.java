package iotcore.storage.jdbc;

import java.sql.SQLException;

/** SQLSTATE classes that mean the same on H2 and PostgreSQL. */
final class SqlStates {
    private static final String UNIQUE_VIOLATION = "23505";

    private SqlStates() {
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
