package iotcore.model.error;

/** gRPC status codes used by the API, with the HTTP status the Yandex REST gateway maps them to. */
public enum Code {
    INVALID_ARGUMENT(3, 400),
    NOT_FOUND(5, 404),
    ALREADY_EXISTS(6, 409),
    PERMISSION_DENIED(7, 403),
    RESOURCE_EXHAUSTED(8, 429),
    FAILED_PRECONDITION(9, 400),
    ABORTED(10, 409),
    NOT_IMPLEMENTED(12, 501),
    INTERNAL(13, 500),
    UNAVAILABLE(14, 503),
    UNAUTHENTICATED(16, 401);

    private final int grpc;
    private final int http;

    Code(int grpc, int http) {
        this.grpc = grpc;
        this.http = http;
    }

    public int grpc() {
        return grpc;
    }

    public int http() {
        return http;
    }
}
