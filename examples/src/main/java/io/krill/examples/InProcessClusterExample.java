package io.krill.examples;

import io.krill.core.cluster.LocalCluster;

import java.util.List;

/**
 * Starts a Redis Cluster of six Krill nodes (3 masters, 3 replicas) inside this JVM on free ports, as an
 * integration test would, prints where the nodes are, and stops them.
 * <p>
 * Point any cluster client at one of the printed addresses while it runs; {@code bin/krill-cluster} does the same
 * on fixed ports 7000-7005 and keeps running.
 */
public final class InProcessClusterExample
{
    private InProcessClusterExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, List.of()))
        {
            cluster.form(30_000);
            System.out.println("Cluster formed in " + cluster.formationMs() + " ms:");
            System.out.print(cluster.layout());
        }
    }
}
