package iotcore.cli.client;

/** The API answered with an error status ({@code {code, message}}), or an Operation ended in error. */
public final class ApiException extends RuntimeException {

    /** gRPC code 5, used to fall back from lookup by id to lookup by name. */
    public static final int NOT_FOUND = 5;

    private final int httpStatus;
    private final int code;

    public ApiException(int httpStatus, int code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
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
