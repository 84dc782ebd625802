package iotcore.cli.client;

import java.net.URI;

/**
 * Where the API lives and which bearer token to send.
 *
 * @param source how the endpoint was chosen, named in connection errors so the user knows what to change
 */
public record Endpoint(URI uri, String token, String source) {
}
