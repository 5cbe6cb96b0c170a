package io.krill.core.persistence;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;

/**
 * A node's RDB snapshots: SAVE, BGSAVE, the save points, loading at startup, and the INFO persistence numbers.
 * <p>
 * BACKGROUND: Redis forks for BGSAVE and the child writes the copy-on-write image. The JVM cannot fork, so a
 * background save here serializes the whole keyspace to memory on the agent thread (the snapshot: it blocks
 * clients for as long as encoding takes, about what Redis's SAVE costs without the disk), then a background
 * thread writes those bytes to a temporary file, fsyncs it and renames it over {@code dir/dbfilename}. The
 * snapshot is consistent (taken between two commands); the cost is a second copy of the data in memory while the
 * write runs. SAVE does both steps on the agent thread. Every write is atomic: a crash leaves the old file.
 * <p>
 * Changes are counted by {@link Keyspace#changes()} (one per key written, deleted or expired, a close stand-in
 * for Redis's dirty counter, which counts elements); {@link #cron} starts a background save when a save point
 * ({@code save <seconds> <changes>}) is reached, as Redis's serverCron does, retrying a failed one after 5 s.
 * <p>
 * All methods run on the agent thread, except the background write itself.
 */
public final class Snapshots
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final long RETRY_DELAY_MS = 5_000;

    private final ServerConfig config;
    private long lastSaveMs;
    private long lastAttemptMs;
    private boolean lastBackgroundSaveOk = true;
    private long lastBackgroundSaveSeconds = -1;
    private long saves;
    private long changesAtLastSave;
    private long loadedKeys;
    private long expiredKeysAtLoad;
    private boolean scheduled;

    private Thread backgroundWrite;
    private long backgroundStartMs;
    private long backgroundChanges;
    private volatile IOException backgroundFailure;
    private volatile boolean backgroundDone;

    public Snapshots(final ServerConfig config, final long startMs)
    {
        this.config = config;
        this.lastSaveMs = startMs;
    }

    /** {@code dir/dbfilename}. */
    public Path file()
    {
        return config.resolve(config.dbfilename());
    }

    private RdbWriter writer(final Keyspace keyspace, final long nowMs)
    {
        return new RdbWriter(keyspace, nowMs).compression(config.rdbcompression()).checksum(config.rdbchecksum());
    }

    /**
     * SAVE: writes the keyspace to {@code dir/dbfilename} now, atomically.
     *
     * @throws IOException if the file cannot be written (the old file is left as it was).
     */
    public void save(final Keyspace keyspace, final long nowMs) throws IOException
    {
        final byte[] rdb = writer(keyspace, nowMs).toByteArray(Collections.emptyMap());
        try
        {
            writeAtomically(file(), rdb);
        }
        catch (final IOException ex)
        {
            LOG.warn("Failed saving the DB: {}", ex.toString());
            throw ex;
        }
        LOG.info("DB saved on disk");
        saved(keyspace.changes(), nowMs);
    }

    private void saved(final long changesAtSnapshot, final long nowMs)
    {
        changesAtLastSave = changesAtSnapshot;
        lastSaveMs = nowMs;
        saves++;
    }

    public boolean backgroundSaveInProgress()
    {
        return backgroundWrite != null;
    }

    /** BGSAVE SCHEDULE while another save runs: start one as soon as it ends. */
    public void schedule()
    {
        scheduled = true;
    }

    /**
     * BGSAVE: takes the snapshot now (on the calling, agent thread) and starts the thread that writes it.
     * The caller checks {@link #backgroundSaveInProgress()} first.
     */
    public void startBackgroundSave(final Keyspace keyspace, final long nowMs)
    {
        final byte[] rdb = writer(keyspace, nowMs).toByteArray(Collections.emptyMap());
        final Path file = file();
        backgroundStartMs = nowMs;
        backgroundChanges = keyspace.changes();
        lastAttemptMs = nowMs;
        backgroundDone = false;
        backgroundFailure = null;
        final Thread thread = new Thread(() ->
        {
            try
            {
                writeAtomically(file, rdb);
            }
            catch (final IOException ex)
            {
                backgroundFailure = ex;
            }
            backgroundDone = true;
        }, "krill-bgsave");
        thread.setDaemon(true);
        backgroundWrite = thread;
        LOG.info("Background saving started");
        thread.start();
    }

    /** Waits for a running background write (SHUTDOWN, DEBUG RELOAD), then records its outcome. */
    public void awaitBackgroundSave(final long nowMs)
    {
        final Thread thread = backgroundWrite;
        if (thread == null)
        {
            return;
        }
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        cron(null, nowMs);
    }

    /**
     * The periodic check (agent cron): records a finished background write, then starts one if scheduled or
     * if a save point is reached.
     *
     * @return 1 if anything was done.
     */
    public int cron(final Keyspace keyspace, final long nowMs)
    {
        int work = 0;
        if (backgroundWrite != null && backgroundDone)
        {
            backgroundWrite = null;
            lastBackgroundSaveSeconds = (nowMs - backgroundStartMs) / 1000;
            if (backgroundFailure == null)
            {
                lastBackgroundSaveOk = true;
                saved(backgroundChanges, nowMs);
                LOG.info("Background saving terminated with success");
            }
            else
            {
                lastBackgroundSaveOk = false;
                LOG.warn("Background saving error: {}", backgroundFailure.toString());
            }
            work = 1;
        }
        if (keyspace == null || backgroundWrite != null)
        {
            return work;
        }
        if (scheduled)
        {
            scheduled = false;
            startBackgroundSave(keyspace, nowMs);
            return 1;
        }
        final long[] points = config.saveParams();
        final long changes = keyspace.changes() - changesAtLastSave;
        for (int i = 0; i + 1 < points.length; i += 2)
        {
            if (changes >= points[i + 1] && nowMs - lastSaveMs > points[i] * 1000 &&
                (lastBackgroundSaveOk || nowMs - lastAttemptMs > RETRY_DELAY_MS))
            {
                LOG.info("{} changes in {} seconds. Saving...", points[i + 1], points[i]);
                startBackgroundSave(keyspace, nowMs);
                return 1;
            }
        }
        return work;
    }

    /**
     * Loads {@code dir/dbfilename} into {@code keyspace} if the file exists (startup).
     *
     * @return keys loaded (0 without a file).
     * @throws IOException if the file exists but cannot be read or loaded.
     */
    public long loadIfPresent(final Keyspace keyspace, final long nowMs) throws IOException
    {
        final Path file = file();
        if (!Files.exists(file))
        {
            return 0;
        }
        final long startNs = System.nanoTime();
        final RdbReader reader = new RdbReader(config);
        try (InputStream in = Files.newInputStream(file))
        {
            reader.read(in, keyspace, nowMs);
        }
        loadedKeys = reader.keysLoaded();
        expiredKeysAtLoad = reader.keysExpired();
        changesAtLastSave = keyspace.changes();
        LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", loadedKeys, expiredKeysAtLoad);
        LOG.info("DB loaded from disk: {} seconds", String.format("%.3f", (System.nanoTime() - startNs) / 1e9));
        return loadedKeys;
    }

    /** After a load by other means (DEBUG RELOAD, a full sync): the INFO numbers and the change baseline. */
    public void loaded(final Keyspace keyspace, final long keys, final long expired)
    {
        loadedKeys = keys;
        expiredKeysAtLoad = expired;
        changesAtLastSave = keyspace.changes();
    }

    /** Writes {@code bytes} to a temporary file in the target's directory, fsyncs it, renames it over target. */
    public static void writeAtomically(final Path target, final byte[] bytes) throws IOException
    {
        final Path dir = target.toAbsolutePath().getParent();
        final Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() +
            ".rdb");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream out = Channels.newOutputStream(channel))
        {
            out.write(bytes);
            channel.force(true);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
        try
        {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
    }

    // ------------------------------------------------------------------------------------------- INFO fields

    public long lastSaveSeconds()
    {
        return lastSaveMs / 1000;
    }

    public long changesSinceLastSave(final Keyspace keyspace)
    {
        return keyspace.changes() - changesAtLastSave;
    }

    public boolean lastBackgroundSaveOk()
    {
        return lastBackgroundSaveOk;
    }

    public long lastBackgroundSaveSeconds()
    {
        return lastBackgroundSaveSeconds;
    }

    public long currentBackgroundSaveSeconds(final long nowMs)
    {
        return backgroundWrite == null ? -1 : (nowMs - backgroundStartMs) / 1000;
    }

    public long saves()
    {
        return saves;
    }

    public long loadedKeys()
    {
        return loadedKeys;
    }

    public long expiredKeysAtLoad()
    {
        return expiredKeysAtLoad;
    }
}
