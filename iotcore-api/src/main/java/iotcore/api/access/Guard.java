package iotcore.api.access;

import iotcore.model.access.ApiToken;
import iotcore.model.access.Role;
import iotcore.model.error.ServiceException;

/**
 * Role and folder checks (decisions §8). The role is checked before anything is looked up, so a
 * viewer learns nothing from a mutation; the folder is checked once the resource's folder is known.
 */
public final class Guard {
    private Guard() {
    }

    public static void canRead(ApiToken token) {
        if (!token.role().canRead()) {
            throw ServiceException.permissionDenied("role " + token.role().wireName() + " cannot use the management API");
        }
    }

    public static void canWrite(ApiToken token) {
        canRead(token);
        if (!token.role().canWrite()) {
            throw ServiceException.permissionDenied("role " + token.role().wireName() + " cannot change resources");
        }
    }

    public static void isAdmin(ApiToken token) {
        if (token.role() != Role.ADMIN) {
            throw ServiceException.permissionDenied("only the admin role may manage folders and tokens");
        }
    }

    public static void folder(ApiToken token, String folderId) {
        if (!token.coversFolder(folderId)) {
            throw ServiceException.permissionDenied("this token is limited to folder " + token.folderId());
        }
    }
}
