package io.krill.core.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The node's cluster config file ({@code cluster-config-file}, Redis's nodes.conf): read at start, written
 * atomically, and locked for the life of the node.
 * <p>
 * BEHAVIOR: a save writes {@code <file>.tmp-<pid>-<ms>}, optionally forces it to disk, renames it over the file
 * (an atomic replace on POSIX file systems) and optionally forces the directory, so a crash leaves either the old
 * or the new file, never a torn one. The exclusive lock is Redis's guard against two nodes sharing one file.
 * The text itself is produced and parsed by the gossip layer.
 */
public final class NodesConfFile implements AutoCloseable
{
    private final Path path;
    private FileChannel lockChannel;
    private FileLock lock;

    public NodesConfFile(final Path path)
    {
        this.path = path;
    }

    public Path path()
    {
        return path;
    }

    /**
     * Takes the exclusive lock on the file (creating it empty if missing).
     *
     * @throws IOException if another process or node holds it.
     */
    public void lock() throws IOException
    {
        lockChannel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try
        {
            lock = lockChannel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            lock = null;
        }
        if (lock == null)
        {
            lockChannel.close();
            throw new IOException("Sorry, the cluster configuration file " + path +
                " is already used by a different Redis Cluster node. Please make sure that different nodes use" +
                " different cluster configuration files.");
        }
    }

    /** The file's text, or null when it is missing or empty (a new node). */
    public String read() throws IOException
    {
        if (!Files.exists(path) || Files.size(path) == 0)
        {
            return null;
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Replaces the file's content atomically; {@code fsync} forces the file and its directory to disk.
     * <p>
     * BEHAVIOR: a rename gives the path a new inode, and a lock belongs to the inode it was taken on, so a lock
     * held on the old file would no longer keep a second node away (Redis 7.0 writes in place and keeps its
     * lock). The temporary file is therefore locked before it is renamed, and the lock travels with it: while
     * this node holds the lock, the file at the path is always locked, with no window between the rename and a
     * new lock.
     */
    public void write(final String content, final boolean fsync) throws IOException
    {
        final Path directory = path.toAbsolutePath().getParent();
        final Path temp = directory.resolve(path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" +
            System.currentTimeMillis());
        final FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        FileLock newLock = null;
        try
        {
            if (lock != null)
            {
                newLock = channel.tryLock();
            }
            final ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            if (fsync)
            {
                channel.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            Files.deleteIfExists(temp);
            throw ex;
        }
        if (newLock != null)
        {
            final FileChannel oldChannel = lockChannel;
            lock.release();
            lock = newLock;
            lockChannel = channel;
            oldChannel.close();
        }
        else
        {
            channel.close();
        }
        if (fsync)
        {
            forceDirectory(directory);
        }
    }

    private static void forceDirectory(final Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // some file systems cannot open a directory for fsync; the rename itself is already atomic
        }
    }

    @Override
    public void close() throws IOException
    {
        if (lock != null)
        {
            lock.release();
            lock = null;
        }
        if (lockChannel != null)
        {
            lockChannel.close();
            lockChannel = null;
        }
    }
}
