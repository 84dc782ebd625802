package iotcore.storage.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Whether a database already has every Flyway migration on the class path, checked without Flyway: loading Flyway,
 * scanning the class path and validating cost a few hundred milliseconds of a cold start, so {@link Database} calls
 * Flyway only when this says no. It says yes only when the schema history holds exactly the scripts found, each
 * applied successfully with Flyway's own checksum and description; anything else (a new, edited, failed or unknown
 * migration, a script it cannot list) is Flyway's to apply or report, as before.
 */
final class Migrations {
    static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([1-9][0-9]*)__(.+)\\.sql");

    /** One versioned script: its version, Flyway's description (underscores as spaces) and Flyway's CRC32 checksum. */
    record Script(String version, String description, int checksum) {
    }

    private Migrations() {
    }

    /** The versioned scripts under {@link #LOCATION}, or null when some file there is not one this class can judge. */
    static List<Script> onClassPath() {
        List<Script> scripts = new ArrayList<>();
        try {
            Enumeration<URL> locations = Migrations.class.getClassLoader().getResources(LOCATION);
            while (locations.hasMoreElements()) {
                if (!addScripts(locations.nextElement(), scripts)) {
                    return null;
                }
            }
        } catch (IOException | URISyntaxException e) {
            return null;
        }
        return scripts;
    }

    private static boolean addScripts(URL location, List<Script> scripts) throws IOException, URISyntaxException {
        if (location.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
                for (Path file : files.toList()) {
                    if (!Files.isRegularFile(file)) {
                        return false;
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        if (!add(file.getFileName().toString(), in, scripts)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
        if (location.getProtocol().equals("jar") && location.openConnection() instanceof JarURLConnection connection) {
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                String prefix = LOCATION + "/";
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.getName().startsWith(prefix) || entry.getName().equals(prefix)) {
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        if (!add(entry.getName().substring(prefix.length()), in, scripts)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
        return false;
    }

    private static boolean add(String name, InputStream in, List<Script> scripts) throws IOException {
        Matcher m = VERSIONED.matcher(name);
        if (!m.matches()) {
            return false;
        }
        scripts.add(new Script(m.group(1), m.group(2).replace('_', ' '), checksum(in)));
        return true;
    }

    /** Flyway's checksum of a script: CRC32 of its UTF-8 lines without line terminators, a leading BOM removed. */
    static int checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096)) {
            String line = r.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = r.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }

    /**
     * True when the schema history records exactly {@code scripts}, each applied successfully with the same
     * description and checksum; false when it differs or cannot be read (no history table yet).
     */
    static boolean applied(Connection c, List<Script> scripts) {
        Map<String, Script> recorded = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT \"version\", \"description\", \"checksum\", \"success\" FROM \"flyway_schema_history\"")) {
            while (rs.next()) {
                if (!rs.getBoolean(4)) {
                    return false;
                }
                String version = rs.getString(1);
                if (version != null) {
                    recorded.put(version, new Script(version, rs.getString(2), rs.getInt(3)));
                }
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
        return recorded.size() == scripts.size() && scripts.stream().allMatch(s -> s.equals(recorded.get(s.version())));
    }
}
