package iotcore.storage.jdbc;

import java.sql.SQLException;

/** A database failure, named by the operation that hit it. */
public class StorageException extends RuntimeException {
    public StorageException(String operation, SQLException cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
