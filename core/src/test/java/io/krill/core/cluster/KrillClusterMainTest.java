package io.krill.core.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: krill-cluster's command line gives the documented defaults (6 nodes on 7000-7005, 1 replica per master),
 * takes its own options, passes any other --name value to every node, and refuses bad values clearly.
 * Method: KrillClusterMain.parse on argument arrays (starting nodes is covered by the cluster tests).
 */
class KrillClusterMainTest
{
    @Test
    void shouldDefaultToSixNodesOnPort7000WithOneReplicaEach()
    {
        final KrillClusterMain.Options options = KrillClusterMain.parse();
        assertArrayEquals(new int[] {7000, 7001, 7002, 7003, 7004, 7005}, options.ports());
        assertEquals(1, options.replicas);
        assertEquals("127.0.0.1", options.host);
        assertNull(options.dir);
        assertTrue(options.form);
        assertTrue(options.nodeOptions.isEmpty());
    }

    @Test
    void shouldTakeItsOptionsAndPassTheRestToEveryNode()
    {
        final KrillClusterMain.Options options = KrillClusterMain.parse("--ports", "9", "--replicas", "2",
            "--base-port", "8000", "--dir", "/tmp/x", "--cluster-node-timeout", "5000", "--form", "no",
            "--loglevel", "verbose");
        assertEquals(9, options.ports().length);
        assertEquals(8008, options.ports()[8]);
        assertEquals(2, options.replicas);
        assertEquals(Path.of("/tmp/x"), options.dir);
        assertFalse(options.form);
        assertEquals(List.of("--cluster-node-timeout", "5000", "--loglevel", "verbose"), options.nodeOptions);
    }

    @Test
    void shouldRefuseBadValuesAndAnswerHelp()
    {
        assertNull(KrillClusterMain.parse("--help"));
        assertThrows(IllegalArgumentException.class, () -> KrillClusterMain.parse("--ports", "x"));
        assertThrows(IllegalArgumentException.class, () -> KrillClusterMain.parse("--base-port", "60000"));
        assertThrows(IllegalArgumentException.class, () -> KrillClusterMain.parse("--ports", "2", "--replicas", "2"));
        assertThrows(IllegalArgumentException.class, () -> KrillClusterMain.parse("--form", "maybe"));
        assertThrows(IllegalArgumentException.class, () -> KrillClusterMain.parse("--ports"));
    }
}
