package iotcore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TestPostgresIT {

    @Test
    void eachNewDatabaseIsEmptyAndIndependent() throws Exception {
        TestPostgres.Database first = TestPostgres.newDatabase();
        TestPostgres.Database second = TestPostgres.newDatabase();

        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(first.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/" + first.name());
        try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.user(), first.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
                Statement s = c.createStatement();
                ResultSet tables = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }
}
