package io.krill.replication;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/*
 * Goal: the master's view of its replicas counts WAIT acknowledgements as Redis's replicationCountAcksByOffset
 * (online replicas whose ACK reached the offset), never moves an ACK back, and leaves handshakes out.
 * Method: register links in several states, acknowledge offsets, count.
 */
class ReplicaRegistryTest
{
    @Test
    void shouldCountOnlineReplicasWhoseAckReachedOffset()
    {
        final ReplicaRegistry registry = new ReplicaRegistry();
        final ReplicaInfo a = registry.handshake(1, "127.0.0.1", 0);
        final ReplicaInfo b = registry.handshake(2, "127.0.0.1", 0);
        final ReplicaInfo c = registry.handshake(3, "127.0.0.1", 0);
        assertSame(a, registry.handshake(1, "127.0.0.1", 5));
        assertEquals(0, registry.replicaCount());
        a.state(ReplicaState.ONLINE);
        b.state(ReplicaState.ONLINE);
        c.state(ReplicaState.WAIT_BGSAVE);
        assertEquals(3, registry.replicaCount());
        a.acknowledged(321, 1000);
        b.acknowledged(284, 1000);
        c.acknowledged(400, 1000);
        assertEquals(1, registry.countAcked(321));
        assertEquals(2, registry.countAcked(284));
        b.acknowledged(100, 2000);
        assertEquals(284, b.ackOffset());
        assertEquals(2000, b.ackTimeMs());
        assertEquals(1, a.lagSeconds(2500));
        assertEquals(1, registry.countGood(2500, 1000));
        registry.remove(1);
        assertNull(registry.find(1));
        assertEquals(0, registry.countAcked(321));
    }
}
