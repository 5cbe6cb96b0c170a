package io.krill.core.command;

import io.krill.core.persistence.RdbReader;
import io.krill.core.persistence.RdbWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place a full resync touches the RDB codec: the snapshot a master sends after {@code +FULLRESYNC}, and
 * the loading of the one a replica receives.
 * <p>
 * The master's snapshot is built on the node's thread, all at once (there is no fork to take it in the
 * background), with the aux fields a real Redis 7.0 master puts in it. A replica keeps keys that are already
 * expired by its own clock (its master's DEL will follow, as in Redis), and skips stream values, which Krill does
 * not hold, with a warning rather than failing every sync.
 */
final class FullSyncSnapshot
{
    private static final Logger LOG = LoggerFactory.getLogger(FullSyncSnapshot.class);

    private FullSyncSnapshot()
    {
    }

    /** The RDB file of the node's data set, as of now. */
    static byte[] write(final NodeState node, final String replid, final long offset)
    {
        final Map<String, String> aux = new LinkedHashMap<>();
        aux.put("repl-stream-db", "0");
        aux.put("repl-id", replid);
        aux.put("repl-offset", Long.toString(offset));
        aux.put("aof-base", "0");
        final RdbWriter writer = new RdbWriter(node.keyspace(), node.nowMs());
        final byte[] rdb = writer.toByteArray(aux);
        LOG.info("Full resync snapshot: {} keys, {} bytes", writer.keysWritten(), rdb.length);
        return rdb;
    }

    /** Replaces the node's data set with the RDB file {@code rdb[0, length)}; on a failure leaves it empty. */
    static void load(final NodeState node, final byte[] rdb, final int length) throws IOException
    {
        node.keyspace().clear();
        final RdbReader reader = new RdbReader(node.config()).keepExpired(true).skipUnsupported(true);
        try
        {
            reader.read(new UnsafeBuffer(rdb, 0, length), 0, length, node.keyspace(), node.nowMs());
        }
        catch (final IOException | RuntimeException ex)
        {
            node.keyspace().clear();
            throw ex;
        }
        if (reader.keysSkipped() > 0)
        {
            LOG.warn("Loaded the master's snapshot without {} keys of types Krill does not support (streams)",
                reader.keysSkipped());
        }
    }
}
