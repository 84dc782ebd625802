package iotcore.cli.client;

import java.util.List;

/** The API answered with an error status ({@code {code, message}}), or an Operation ended in error. */
public final class ApiException extends RuntimeException {

    /** gRPC code 5, used to fall back from lookup by id to lookup by name. */
    public static final int NOT_FOUND = 5;

    private final int httpStatus;
    private final int code;
    private final List<Violation> violations;

    /** One field violation of a BadRequest detail. */
    public record Violation(String field, String description) {
    }

    public ApiException(int httpStatus, int code, String message) {
        this(httpStatus, code, message, List.of());
    }

    public ApiException(int httpStatus, int code, String message, List<Violation> violations) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    /** The field violations the error carried, in order (empty for most errors). */
    public List<Violation> violations() {
        return violations;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }

    public boolean isNotFound() {
        return code == NOT_FOUND || httpStatus == 404;
    }
}
