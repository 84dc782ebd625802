package iotcore.model.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A refusal that reaches the client as {@code {code, message, details}}. Expected outcomes only:
 * anything else is a bug and is reported as INTERNAL without detail.
 */
public class ServiceException extends RuntimeException {
    private final Code code;
    private final List<FieldViolation> violations;

    public ServiceException(Code code, String message) {
        this(code, message, List.of());
    }

    public ServiceException(Code code, String message, List<FieldViolation> violations) {
        super(message, null, false, false);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public static ServiceException invalid(List<FieldViolation> violations) {
        String message = violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; "));
        return new ServiceException(Code.INVALID_ARGUMENT, message, violations);
    }

    public static ServiceException invalid(String field, String description) {
        return invalid(List.of(new FieldViolation(field, description)));
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Code.NOT_FOUND, message);
    }

    public static ServiceException alreadyExists(String message) {
        return new ServiceException(Code.ALREADY_EXISTS, message);
    }

    public static ServiceException permissionDenied(String message) {
        return new ServiceException(Code.PERMISSION_DENIED, message);
    }

    public static ServiceException failedPrecondition(String message) {
        return new ServiceException(Code.FAILED_PRECONDITION, message);
    }

    public Code code() {
        return code;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
