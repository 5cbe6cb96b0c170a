package io.krill.core.persistence;

import io.krill.core.command.RdbValues;
import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import org.agrona.DirectBuffer;
import org.agrona.io.DirectBufferInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads an RDB stream (versions 1 to 10, as Redis 7.0 can) into a keyspace: every value encoding Redis 7.0
 * loads (see {@link RdbValues}), expiry in seconds or milliseconds, aux fields (kept in {@link #aux()}), LRU/LFU
 * hints (skipped: Krill tracks neither), function libraries (skipped: Krill has no scripting), and the CRC-64
 * trailer (checked unless it is zero, which means the writer had {@code rdbchecksum no}).
 * <p>
 * Keys whose expiry has passed at {@code nowMs} are dropped, as a Redis master drops them (a replica keeps them:
 * {@link #keepExpired(boolean)}). Empty collections are dropped, as Redis does. Keys of databases other than 0,
 * streams, and module values or aux data make the load fail with an {@link RdbFormatException}: Krill cannot hold
 * them, and silently losing data would be worse.
 * <p>
 * On failure the keyspace keeps the keys loaded before the error: load into an empty keyspace and discard it if
 * the load fails (Redis also refuses to start on a bad RDB file).
 * <p>
 * Two sources: an {@link InputStream} (a file, a socket; read sequentially, never wholly in memory) or a range of
 * a {@link DirectBuffer} already in memory (a replication payload). Not thread safe; runs on the thread that owns
 * the keyspace.
 */
public final class RdbReader
{
    private static final Logger LOG = LoggerFactory.getLogger(RdbReader.class);
    private static final int MAX_DB_ID = 0;

    private final ServerConfig config;
    private final Map<String, String> aux = new LinkedHashMap<>();
    private boolean keepExpired;
    private boolean skipUnsupported;
    private long keysSkipped;
    private long keysLoaded;
    private long keysExpired;
    private long keysEmpty;
    private int version;

    /** @param config thresholds for choosing each value's encoding (list node size, listpack limits). */
    public RdbReader(final ServerConfig config)
    {
        this.config = config;
    }

    /**
     * Loads a whole RDB stream into {@code keyspace} with Redis 7.0's default encoding thresholds.
     *
     * @return the number of keys loaded.
     */
    public static long load(final InputStream in, final Keyspace keyspace, final long nowMs)
        throws IOException, RdbFormatException
    {
        return new RdbReader(ServerConfig.defaults()).read(in, keyspace, nowMs);
    }

    /**
     * Loads the RDB held in {@code buffer[offset, offset + length)}, which must be exactly one whole RDB file.
     *
     * @return the number of keys loaded.
     */
    public static long load(final DirectBuffer buffer, final int offset, final int length, final Keyspace keyspace,
        final long nowMs) throws IOException, RdbFormatException
    {
        return new RdbReader(ServerConfig.defaults()).read(buffer, offset, length, keyspace, nowMs);
    }

    /** Keep keys whose expiry has passed (what a replica does), instead of dropping them (a master). */
    public RdbReader keepExpired(final boolean keepExpired)
    {
        this.keepExpired = keepExpired;
        return this;
    }

    /**
     * Drop stream keys instead of failing (they are logged and counted in {@link #keysSkipped()}): for loading a
     * Redis RDB whose streams may be lost. Module values still fail: their format is the module's own.
     */
    public RdbReader skipUnsupported(final boolean skipUnsupported)
    {
        this.skipUnsupported = skipUnsupported;
        return this;
    }

    /** Keys of the last load dropped by {@link #skipUnsupported(boolean)}. */
    public long keysSkipped()
    {
        return keysSkipped;
    }

    /** Aux fields of the last load, in file order. */
    public Map<String, String> aux()
    {
        return aux;
    }

    public long keysLoaded()
    {
        return keysLoaded;
    }

    /** Keys of the last load dropped because their expiry had passed. */
    public long keysExpired()
    {
        return keysExpired;
    }

    /** Keys of the last load dropped because their collection was empty. */
    public long keysEmpty()
    {
        return keysEmpty;
    }

    /** RDB version of the last load. */
    public int version()
    {
        return version;
    }

    public long read(final DirectBuffer buffer, final int offset, final int length, final Keyspace keyspace,
        final long nowMs) throws IOException
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            return read(new RdbInput(array, (int)buffer.wrapAdjustment() + offset, length), keyspace, nowMs, true);
        }
        return read(new RdbInput(new DirectBufferInputStream(buffer, offset, length)), keyspace, nowMs, true);
    }

    /**
     * Loads a whole RDB stream. The stream is read ahead in 64 kB blocks: give it a stream that ends with the RDB
     * (a file, or a socket stream bounded to the payload length).
     */
    public long read(final InputStream in, final Keyspace keyspace, final long nowMs) throws IOException
    {
        return read(new RdbInput(in), keyspace, nowMs, false);
    }

    private long read(final RdbInput in, final Keyspace keyspace, final long nowMs, final boolean exact)
        throws IOException
    {
        aux.clear();
        keysLoaded = 0;
        keysExpired = 0;
        keysEmpty = 0;
        keysSkipped = 0;
        readHeader(in);
        final RdbValues values = new RdbValues(config);
        long expiresAtMs = -1;
        while (true)
        {
            final int type = in.readByte();
            switch (type)
            {
                case RdbConstants.OPCODE_EXPIRETIME:
                    expiresAtMs = (in.readLittleEndian(4) & 0xffffffffL) * 1000;
                    continue;
                case RdbConstants.OPCODE_EXPIRETIME_MS:
                    expiresAtMs = in.readLittleEndian(8);
                    continue;
                case RdbConstants.OPCODE_FREQ:
                    in.readByte();
                    continue;
                case RdbConstants.OPCODE_IDLE:
                    in.readLength();
                    continue;
                case RdbConstants.OPCODE_SELECTDB:
                    final long db = in.readLength();
                    if (db > MAX_DB_ID)
                    {
                        throw new RdbFormatException("RDB file selects database " + db +
                            ": Krill has database 0 only");
                    }
                    continue;
                case RdbConstants.OPCODE_RESIZEDB:
                    in.readLength();
                    in.readLength();
                    continue;
                case RdbConstants.OPCODE_AUX:
                    final String key = new String(in.readString(), StandardCharsets.UTF_8);
                    aux.put(key, new String(in.readString(), StandardCharsets.UTF_8));
                    continue;
                case RdbConstants.OPCODE_MODULE_AUX:
                    throw new RdbFormatException("Module aux data is not supported by Krill");
                case RdbConstants.OPCODE_FUNCTION2:
                    // a function library's code: Krill has no scripting, so it is read and dropped
                    in.readString();
                    continue;
                case RdbConstants.OPCODE_FUNCTION_PRE_GA:
                    throw new RdbFormatException("Pre-GA function format is not supported");
                case RdbConstants.OPCODE_EOF:
                    checkTrailer(in, exact);
                    return keysLoaded;
                default:
                    break;
            }
            if (!RdbValues.isValueType(type))
            {
                throw new RdbFormatException("Unknown RDB type or opcode " + type);
            }
            final byte[] key = in.readString();
            if (skipUnsupported && (type == RdbConstants.TYPE_STREAM_LISTPACKS ||
                type == RdbConstants.TYPE_STREAM_LISTPACKS_2))
            {
                RdbValues.skipStream(type, in);
                LOG.warn("Skipped stream key '{}': Krill has no streams", new String(key, StandardCharsets.UTF_8));
                keysSkipped++;
                expiresAtMs = -1;
                continue;
            }
            final Object value = values.read(type, in);
            final long expiry = expiresAtMs;
            expiresAtMs = -1;
            if (value == null)
            {
                keysEmpty++;
                continue;
            }
            if (expiry != -1 && expiry < nowMs && !keepExpired)
            {
                keysExpired++;
                continue;
            }
            if (keyspace.find(key, 0, key.length) >= 0)
            {
                throw new RdbFormatException("Duplicate key '" + new String(key, StandardCharsets.UTF_8) +
                    "' found in RDB file");
            }
            // an expiry of 0 would read as "none" in the keyspace: 1 ms is as expired
            keyspace.insert(key, value, expiry == -1 ? KeyTable.NO_EXPIRY : expiry == 0 ? 1 : expiry);
            keysLoaded++;
        }
    }

    private void readHeader(final RdbInput in) throws IOException
    {
        final byte[] magic = new byte[9];
        in.readFully(magic, 0, 9);
        if (magic[0] != 'R' || magic[1] != 'E' || magic[2] != 'D' || magic[3] != 'I' || magic[4] != 'S')
        {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int parsed = 0;
        for (int i = 5; i < 9; i++)
        {
            if (magic[i] < '0' || magic[i] > '9')
            {
                throw new RdbFormatException("Wrong signature trying to load DB from file");
            }
            parsed = parsed * 10 + magic[i] - '0';
        }
        if (parsed < 1 || parsed > RdbConstants.VERSION)
        {
            throw new RdbFormatException("Can't handle RDB format version " + parsed);
        }
        version = parsed;
    }

    private void checkTrailer(final RdbInput in, final boolean exact) throws IOException
    {
        if (version < 5)
        {
            return;
        }
        final long expected = in.crc();
        final long stored = in.readLittleEndian(8);
        if (stored != 0 && stored != expected)
        {
            throw new RdbFormatException("Wrong RDB checksum expected: (" + Long.toHexString(stored) + ") got: (" +
                Long.toHexString(expected) + ")");
        }
        if (exact)
        {
            try
            {
                in.readByte();
            }
            catch (final RdbFormatException endReached)
            {
                return;
            }
            throw new RdbFormatException("Trailing bytes after the RDB checksum");
        }
    }
}
