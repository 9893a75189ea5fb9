package dev.redlens.info.internal;

import io.lettuce.core.RedisURI;

/**
 * Where a node is, as its points name it, and its URI without credentials.
 *
 * @param address {@code server.address}: host, or the socket path of a Unix socket
 * @param port    {@code server.port}, or {@code -1} for a Unix socket
 * @param safeUri the URI with the password removed
 */
public record NodeAddress(String address, int port, String safeUri) {

    /** Reads the address of {@code uri}; rejects Sentinel URIs (poll each node directly). */
    public static NodeAddress of(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            throw new IllegalArgumentException("Sentinel URIs are not supported: add each node's own URI");
        }
        String user = uri.getUsername() == null ? "" : uri.getUsername() + "@";
        String scheme = uri.isSsl() ? "rediss" : "redis";
        if (uri.getSocket() != null) {
            return new NodeAddress(uri.getSocket(), -1, "redis-socket://" + uri.getSocket());
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Node URI has no host: " + uri);
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return new NodeAddress(host, uri.getPort(),
                scheme + "://" + user + shownHost + ":" + uri.getPort() + "/" + uri.getDatabase());
    }

    /** {@code address:port}. */
    public String key() {
        return address + ":" + port;
    }
}
