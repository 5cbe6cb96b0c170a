package io.krill.core.command;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The one place a full resync touches the RDB codec: the snapshot a master sends after {@code +FULLRESYNC}, and
 * the loading of the one a replica receives.
 * <p>
 * TODO(lead, after merging branch {@code rdb}):
 * <ul>
 *   <li>{@link #write}: {@code new RdbWriter(node.keyspace(), node.nowMs()).writeAll(bytes, aux)} into a
 *   {@code ByteArrayOutputStream}, with aux {@code redis-ver 7.0.15, redis-bits 64, ctime, used-mem,
 *   repl-stream-db 0, repl-id <replid>, repl-offset <offset>, aof-base 0} as a real master sends;</li>
 *   <li>{@link #load}: {@code node.keyspace().clear()} then
 *   {@code RdbReader.load(new ByteArrayInputStream(rdb, 0, length), node.keyspace(), node.nowMs())};</li>
 *   <li>delete {@link EmptyRdb}.</li>
 * </ul>
 * Until then a master can only fully sync an empty data set (it warns and sends an empty one otherwise), and a
 * replica only load a snapshot without keys.
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
        if (node.keyspace().size() > 0)
        {
            LOG.warn("Full resync of {} keys sends an EMPTY snapshot: the RDB writer is not merged yet",
                node.keyspace().size());
        }
        return EmptyRdb.BYTES.clone();
    }

    /** Replaces the node's data set with the RDB file {@code rdb[0, length)}. */
    static void load(final NodeState node, final byte[] rdb, final int length) throws IOException
    {
        EmptyRdb.requireEmpty(rdb, length);
        node.keyspace().clear();
    }
}
