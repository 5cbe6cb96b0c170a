package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.gossip.ClusterNodeInfo;

/**
 * How a node is named to clients in MOVED, ASK, CLUSTER SLOTS and CLUSTER SHARDS, per
 * {@code cluster-preferred-endpoint-type} (digest 2.1): its IP, its announced hostname ({@code ?} when it has
 * none), or nothing at all, which tells a client to reuse the host it is already connected to (for nodes behind
 * a proxy or a load balancer).
 */
final class ClusterEndpoints
{
    static final int IP = 0;
    static final int HOSTNAME = 1;
    static final int UNKNOWN = 2;

    private ClusterEndpoints()
    {
    }

    static int type(final ServerConfig config)
    {
        final String type = config.clusterPreferredEndpointType();
        return "hostname".equals(type) ? HOSTNAME : "unknown-endpoint".equals(type) ? UNKNOWN : IP;
    }

    /** The endpoint text; empty for {@code unknown-endpoint}. */
    static String endpoint(final ServerConfig config, final ClusterNodeInfo node)
    {
        switch (type(config))
        {
            case HOSTNAME:
                return node.hostname().isEmpty() ? "?" : node.hostname();
            case UNKNOWN:
                return "";
            default:
                return node.ip();
        }
    }
}
