package iotcore.api.http;

/** A route's handler: runs on a virtual thread, may block, throws ServiceException to refuse. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}
