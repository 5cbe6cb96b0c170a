package io.krill.core.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: nodes.conf is replaced atomically, leaves no temp files once closed, never writes in place into the file
 * itself, and cannot be shared by two nodes, also after it was replaced (the lock follows the new file).
 * Method: real files in a temporary directory.
 */
class NodesConfFileTest
{
    @Test
    void shouldReplaceContentAndLeaveNoTempFilesWhenClosed(@TempDir final Path dir) throws IOException
    {
        final NodesConfFile file = new NodesConfFile(dir.resolve("nodes.conf"));
        file.lock();
        assertNull(file.read());
        file.write("first, a longer line than the next ones\n", true);
        file.write("vars currentEpoch 6 lastVoteEpoch 0\n", false);
        file.write("vars currentEpoch 7 lastVoteEpoch 0\n", false);
        assertEquals("vars currentEpoch 7 lastVoteEpoch 0\n", file.read());
        file.close();
        try (var listing = Files.list(dir))
        {
            assertEquals(1, listing.count());
        }
        assertEquals("vars currentEpoch 7 lastVoteEpoch 0\n", Files.readString(dir.resolve("nodes.conf")));
    }

    @Test
    void shouldNotWriteIntoTheFileWhenALeftOverSpareIsAHardLinkOfIt(@TempDir final Path dir) throws IOException
    {
        final Path conf = dir.resolve("nodes.conf");
        Files.writeString(conf, "vars currentEpoch 1 lastVoteEpoch 0\n");
        Files.createLink(dir.resolve("nodes.conf.spare"), conf);
        Files.createLink(dir.resolve("nodes.conf.previous"), conf);
        try (NodesConfFile file = new NodesConfFile(conf))
        {
            file.lock();
            file.write("vars currentEpoch 2 lastVoteEpoch 0\n", false);
            assertEquals("vars currentEpoch 2 lastVoteEpoch 0\n", file.read());
            assertEquals("vars currentEpoch 1 lastVoteEpoch 0\n", Files.readString(dir.resolve("nodes.conf.spare")));
        }
    }

    @Test
    void shouldRefuseASecondLockOnTheSameFile(@TempDir final Path dir) throws IOException
    {
        try (NodesConfFile first = new NodesConfFile(dir.resolve("nodes.conf"));
            NodesConfFile second = new NodesConfFile(dir.resolve("nodes.conf")))
        {
            first.lock();
            final IOException error = assertThrows(IOException.class, second::lock);
            assertTrue(error.getMessage().contains("already used by a different Redis Cluster node"));
        }
    }

    @Test
    void shouldStillRefuseASecondLockWhenTheLockedFileWasReplaced(@TempDir final Path dir) throws IOException
    {
        try (NodesConfFile first = new NodesConfFile(dir.resolve("nodes.conf"));
            NodesConfFile second = new NodesConfFile(dir.resolve("nodes.conf")))
        {
            first.lock();
            first.write("vars currentEpoch 1 lastVoteEpoch 0\n", true);
            first.write("vars currentEpoch 2 lastVoteEpoch 0\n", false);
            final IOException error = assertThrows(IOException.class, second::lock);
            assertTrue(error.getMessage().contains("already used by a different Redis Cluster node"));
            assertEquals("vars currentEpoch 2 lastVoteEpoch 0\n", first.read());
        }
    }
}
