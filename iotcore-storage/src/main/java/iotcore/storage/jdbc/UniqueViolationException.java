package iotcore.storage.jdbc;

import java.sql.SQLException;

/** A unique key was violated: the caller turns it into the domain's ALREADY_EXISTS. */
public class UniqueViolationException extends StorageException {
    public UniqueViolationException(String operation, SQLException cause) {
        super(operation, cause);
    }
}
