package iotcore.storage.jdbc;

import iotcore.testkit.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check that lets {@link Database#open} skip Flyway agrees with Flyway, on H2 and PostgreSQL. */
class MigrationsIT {
    @TempDir
    Path dir;

    private record Target(String url, String user, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    private Target target(String engine) {
        if (engine.equals("h2")) {
            return new Target("jdbc:h2:file:" + dir.resolve("iotcore").toAbsolutePath(), "sa", "");
        }
        TestPostgres.Database pg = TestPostgres.newDatabase();
        return new Target(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOlderSchemaIsMigratedOnOpenAndThenFoundUpToDate(String engine) throws SQLException {
        Target db = target(engine);
        List<Migrations.Script> scripts = Migrations.onClassPath();
        assertThat(scripts).extracting(Migrations.Script::version).contains("1", "2", "3", "4");
        try (Connection c = db.connect()) {
            assertThat(Migrations.applied(c, scripts)).as("no history table yet").isFalse();
        }
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).target("3").load().migrate();
        try (Connection c = db.connect()) {
            assertThat(Migrations.applied(c, scripts)).as("V4 missing").isFalse();
        }

        Database.open(db.url(), db.user(), db.password()).close();

        try (Connection c = db.connect()) {
            assertThat(Migrations.applied(c, scripts)).as("Flyway's checksums and descriptions match ours").isTrue();
            assertThat(count(c)).isEqualTo(scripts.size());
        }
        Database.open(db.url(), db.user(), db.password()).close();
        try (Connection c = db.connect()) {
            assertThat(count(c)).isEqualTo(scripts.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anEditedAppliedScriptStillFailsFlywayValidation(String engine) throws SQLException {
        Target db = target(engine);
        Database.open(db.url(), db.user(), db.password()).close();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '2'");
            assertThat(Migrations.applied(c, Migrations.onClassPath())).isFalse();
        }

        assertThatThrownBy(() -> Database.open(db.url(), db.user(), db.password()))
                .hasMessageContaining("checksum mismatch");
    }

    private static int count(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
