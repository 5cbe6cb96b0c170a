package io.krill.core.persistence;

import io.krill.core.command.RdbValues;
import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes a whole keyspace as an RDB version 10 file, as Redis 7.0 writes one:
 * <pre>
 *   "REDIS0010"  AUX redis-ver 7.0.15, redis-bits 64, ctime, used-mem, [caller's fields], aof-base
 *   SELECTDB 0  RESIZEDB keys expires  ([EXPIRETIME_MS t] type key value)*  EOF  CRC-64 (8 bytes LE)
 * </pre>
 * The caller's aux fields come after used-mem in the map's iteration order (a full sync passes repl-stream-db,
 * repl-id, repl-offset, as Redis does); a caller's redis-ver/redis-bits/ctime/used-mem/aof-base replaces the
 * default in place; aof-base is always last. An empty keyspace has no SELECTDB/RESIZEDB, as in Redis.
 * <p>
 * Keys already expired at {@code nowMs} are left out (Redis writes them and lets the loader drop them; leaving
 * them out changes nothing a loader keeps). Values are encoded by {@link RdbValues}; see there for what is byte
 * for byte as Redis. Key order is Krill's (slot by slot), as Redis's is its dict's, so whole files only match
 * Redis's byte for byte when they hold at most one key.
 * <p>
 * Runs on the thread that owns the keyspace (it reads values in place). Not thread safe.
 */
public final class RdbWriter
{
    static final byte[] MAGIC = "REDIS0010".getBytes(StandardCharsets.US_ASCII);
    private static final String AOF_BASE = "aof-base";
    /** Drain to the stream once this much is buffered. */
    private static final int FLUSH_BYTES = 64 * 1024;

    private final Keyspace keyspace;
    private final long nowMs;
    private boolean compression = true;
    private boolean checksum = true;
    private long usedMemoryBytes = -1;
    private long keysWritten;

    public RdbWriter(final Keyspace keyspace, final long nowMs)
    {
        this.keyspace = keyspace;
        this.nowMs = nowMs;
    }

    /** Redis's {@code rdbcompression} (default yes). */
    public RdbWriter compression(final boolean compression)
    {
        this.compression = compression;
        return this;
    }

    /** Redis's {@code rdbchecksum} (default yes); without it the trailer is 8 zero bytes. */
    public RdbWriter checksum(final boolean checksum)
    {
        this.checksum = checksum;
        return this;
    }

    /** The used-mem aux value (default: the JVM heap in use). */
    public RdbWriter usedMemoryBytes(final long usedMemoryBytes)
    {
        this.usedMemoryBytes = usedMemoryBytes;
        return this;
    }

    /** Keys written by the last {@link #writeAll}. */
    public long keysWritten()
    {
        return keysWritten;
    }

    /** The whole RDB in memory (a snapshot for a background write, or a full sync payload). */
    public byte[] toByteArray(final Map<String, String> aux)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try
        {
            writeAll(bytes, aux);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("in-memory stream failed", ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the whole RDB file to {@code out} (not closed or flushed here).
     *
     * @param aux extra aux fields in order (may be empty; see the class comment).
     */
    public void writeAll(final OutputStream out, final Map<String, String> aux) throws IOException
    {
        final RdbOutput buffer = new RdbOutput(compression);
        final RdbValues values = new RdbValues(ServerConfig.defaults());
        long crc = 0;
        buffer.write(MAGIC, 0, MAGIC.length);
        for (final String[] field : auxFields(aux == null ? Collections.emptyMap() : aux))
        {
            buffer.writeByte(RdbConstants.OPCODE_AUX);
            buffer.writeString(field[0]);
            buffer.writeString(field[1]);
        }
        long keys = 0;
        long expires = 0;
        for (int slot = 0; slot < 16384; slot++)
        {
            final KeyTable table = keyspace.table(slot);
            if (table == null)
            {
                continue;
            }
            for (int i = table.nextOccupied(0); i >= 0; i = table.nextOccupied(i + 1))
            {
                final long expiry = table.expiryAt(i);
                if (expiry == KeyTable.NO_EXPIRY)
                {
                    keys++;
                }
                else if (expiry > nowMs)
                {
                    keys++;
                    expires++;
                }
            }
        }
        keysWritten = 0;
        if (keys > 0)
        {
            buffer.writeByte(RdbConstants.OPCODE_SELECTDB);
            buffer.writeLength(0);
            buffer.writeByte(RdbConstants.OPCODE_RESIZEDB);
            buffer.writeLength(keys);
            buffer.writeLength(expires);
            for (int slot = 0; slot < 16384; slot++)
            {
                final KeyTable table = keyspace.table(slot);
                if (table == null)
                {
                    continue;
                }
                for (int i = table.nextOccupied(0); i >= 0; i = table.nextOccupied(i + 1))
                {
                    final long expiry = table.expiryAt(i);
                    if (expiry != KeyTable.NO_EXPIRY && expiry <= nowMs)
                    {
                        continue;
                    }
                    if (expiry != KeyTable.NO_EXPIRY)
                    {
                        buffer.writeByte(RdbConstants.OPCODE_EXPIRETIME_MS);
                        buffer.writeLittleEndian(expiry, 8);
                    }
                    final Object value = table.valueAt(i);
                    buffer.writeByte(RdbValues.typeOf(value));
                    final byte[] key = table.keyAt(i);
                    buffer.writeString(key, 0, key.length);
                    values.writeValue(buffer, value);
                    keysWritten++;
                    if (buffer.size() >= FLUSH_BYTES)
                    {
                        crc = buffer.drainTo(out, crc);
                    }
                }
            }
        }
        buffer.writeByte(RdbConstants.OPCODE_EOF);
        crc = buffer.drainTo(out, crc);
        buffer.writeLittleEndian(checksum ? crc : 0, 8);
        buffer.drainTo(out, crc);
    }

    private List<String[]> auxFields(final Map<String, String> aux)
    {
        final long usedMemory = usedMemoryBytes >= 0 ? usedMemoryBytes :
            Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        final List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"redis-ver", "7.0.15"});
        fields.add(new String[] {"redis-bits", "64"});
        fields.add(new String[] {"ctime", Long.toString(nowMs / 1000)});
        fields.add(new String[] {"used-mem", Long.toString(usedMemory)});
        String aofBase = "0";
        for (final Map.Entry<String, String> entry : aux.entrySet())
        {
            if (entry.getKey().equals(AOF_BASE))
            {
                aofBase = entry.getValue();
                continue;
            }
            boolean replaced = false;
            for (final String[] field : fields)
            {
                if (field[0].equals(entry.getKey()))
                {
                    field[1] = entry.getValue();
                    replaced = true;
                }
            }
            if (!replaced)
            {
                fields.add(new String[] {entry.getKey(), entry.getValue()});
            }
        }
        fields.add(new String[] {AOF_BASE, aofBase});
        return fields;
    }
}
