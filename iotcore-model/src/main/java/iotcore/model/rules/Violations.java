package iotcore.model.rules;

import iotcore.model.error.FieldViolation;
import iotcore.model.error.ServiceException;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of a request so the client sees them all at once. */
public final class Violations {
    private final List<FieldViolation> list = new ArrayList<>();

    public Violations add(String field, String description) {
        list.add(new FieldViolation(field, description));
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<FieldViolation> list() {
        return List.copyOf(list);
    }

    /** Throws INVALID_ARGUMENT listing every collected violation, if there are any. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw ServiceException.invalid(list);
        }
    }
}
