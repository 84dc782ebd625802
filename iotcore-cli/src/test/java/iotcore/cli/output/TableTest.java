package iotcore.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Table table = Table.of(new Column("ID", "id"), new Column("NAME", "name"), new Column("STATUS", "status"));

    @Test
    void rowsAreAlignedUnderCenteredHeadingsInBoxes() throws Exception {
        List<JsonNode> rows = List.of(
                mapper.readTree("{\"id\":\"are1dtqd94r7xxxxxxxx\",\"name\":\"registry-one\",\"status\":\"ACTIVE\"}"),
                mapper.readTree("{\"id\":\"are2\",\"name\":\"r2\",\"status\":\"DISABLED\"}"));

        assertThat(table.render(rows)).isEqualTo("""
                +----------------------+--------------+----------+
                |          ID          |     NAME     |  STATUS  |
                +----------------------+--------------+----------+
                | are1dtqd94r7xxxxxxxx | registry-one | ACTIVE   |
                | are2                 | r2           | DISABLED |
                +----------------------+--------------+----------+
                """);
    }

    @Test
    void anEmptyListShowsOnlyTheHeadings() {
        assertThat(table.render(List.of())).isEqualTo("""
                +----+------+--------+
                | ID | NAME | STATUS |
                +----+------+--------+
                """);
    }

    @Test
    void missingFieldsShowAsEmptyCells() throws Exception {
        String text = Table.of(new Column("ID", "id"), new Column("DESCRIPTION", "description"))
                .render(List.of(mapper.readTree("{\"id\":\"x\"}")));

        assertThat(text).contains("| x  |             |");
    }
}
