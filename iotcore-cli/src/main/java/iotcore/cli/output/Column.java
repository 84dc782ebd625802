package iotcore.cli.output;

/** One table column: the yc heading and the REST field (lowerCamelCase) it shows. */
public record Column(String heading, String field) {
}
