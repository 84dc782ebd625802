package iotcore.model.error;

/** One invalid request field, named by its JSON path (for example {@code labels.Env}). */
public record FieldViolation(String field, String description) {
    @Override
    public String toString() {
        return field + ": " + description;
    }
}
