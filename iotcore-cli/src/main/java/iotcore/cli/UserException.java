package iotcore.cli;

/** A failure the user can fix (bad flag value, missing file): reported as {@code ERROR: message}, exit 1. */
public class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }
}
