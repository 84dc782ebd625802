package iotcore.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Renders rows in yc's boxed text style:
 * <pre>
 * +----------------------+------+--------+
 * |          ID          | NAME | STATUS |
 * +----------------------+------+--------+
 * | are1dtqd94r7xxxxxxxx | reg  | ACTIVE |
 * +----------------------+------+--------+
 * </pre>
 */
public record Table(List<Column> columns) {

    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    public String render(List<JsonNode> rows) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).heading().length();
            for (JsonNode row : rows) {
                widths[c] = Math.max(widths[c], cell(row, c).length());
            }
        }
        String rule = rule(widths);
        StringBuilder text = new StringBuilder(rule);
        text.append('|');
        for (int c = 0; c < widths.length; c++) {
            text.append(' ').append(center(columns.get(c).heading(), widths[c])).append(" |");
        }
        text.append('\n').append(rule);
        for (JsonNode row : rows) {
            text.append('|');
            for (int c = 0; c < widths.length; c++) {
                String value = cell(row, c);
                text.append(' ').append(value).append(" ".repeat(widths[c] - value.length())).append(" |");
            }
            text.append('\n');
        }
        if (!rows.isEmpty()) {
            text.append(rule);
        }
        return text.toString();
    }

    private String cell(JsonNode row, int column) {
        JsonNode value = row.path(columns.get(column).field());
        return value.isValueNode() ? value.asText() : "";
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        return rule.append('\n').toString();
    }

    private static String center(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
    }
}
