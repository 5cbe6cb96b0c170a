package io.krill.examples;

import io.krill.core.cluster.ClusterFaults;
import io.krill.core.cluster.LocalCluster;

import java.util.List;

/**
 * Starts a 6-node Redis Cluster of Krill nodes in this JVM, cuts one master off from the rest with a network
 * partition, shows the majority electing its replica, heals the partition and shows the old master coming back as
 * a replica: the failover a test would otherwise need Docker, iptables and several minutes for, in seconds.
 * <p>
 * A short node timeout (1 s here; Redis's default is 15 s) keeps fault tests fast. Node 3 replicates node 0
 * (LocalCluster assigns replicas to masters in turn). See {@code FaultInjectionExampleTest} for the same steps
 * with a cluster client writing through them.
 */
public final class FaultInjectionExample
{
    private static final long TIMEOUT_MS = 15_000;

    private FaultInjectionExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
            List.of("--cluster-node-timeout", "1000")))
        {
            cluster.form(30_000);
            System.out.println("Cluster formed in " + cluster.formationMs() + " ms:");
            System.out.print(cluster.layout());

            final ClusterFaults faults = cluster.faults();
            final long partitionedNs = System.nanoTime();
            faults.isolate(0);
            cluster.awaitRole(3, "master", TIMEOUT_MS);
            System.out.println("Node 0 isolated; node 3 elected master after " +
                (System.nanoTime() - partitionedNs) / 1_000_000 + " ms. The majority's view:");
            System.out.print(cluster.layout(1));

            faults.heal();
            cluster.awaitRole(0, "replica", TIMEOUT_MS);
            // the others learn it from node 0's next heartbeats
            final long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            while (cluster.layout(1).contains("FAIL") && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(10);
            }
            System.out.println("Partition healed; node 0 rejoined as a replica:");
            System.out.print(cluster.layout(1));
        }
    }
}
