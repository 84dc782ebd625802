package iotcore.cli.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.client.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One JSON file of the export tree: a top-level array of objects. Problems (unreadable, malformed JSON
 * with its line and column, not an array, an element that is not an object) are reported with the
 * file's name relative to the tree.
 */
record TreeFile(String name, List<Element> elements, int size) {

    /** Reads {@code dir/name}; null when the file does not exist or cannot be used (a problem says why). */
    static TreeFile read(Path dir, String name, Consumer<String> problems) {
        Path path = dir.resolve(name);
        if (!Files.isRegularFile(path)) {
            return null;
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr();
            problems.accept(name + where + ": malformed JSON: " + firstLine(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.accept(name + ": cannot be read: " + e.getMessage());
            return null;
        }
        if (tree == null || tree.isMissingNode()) {
            problems.accept(name + ": is empty (expected a JSON array, [] when there is nothing)");
            return null;
        }
        if (!tree.isArray()) {
            problems.accept(name + " $: must be a JSON array as yc --format json prints it, not " + Element.kind(tree));
            return null;
        }
        List<Element> elements = new ArrayList<>();
        ArrayNode array = (ArrayNode) tree;
        for (int i = 0; i < array.size(); i++) {
            String location = name + " $[" + i + "]";
            if (array.get(i).isObject()) {
                elements.add(new Element(location, (ObjectNode) array.get(i)));
            } else {
                problems.accept(location + ": must be an object, not " + Element.kind(array.get(i)));
            }
        }
        return new TreeFile(name, elements, array.size());
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
