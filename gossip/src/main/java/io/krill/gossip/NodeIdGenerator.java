package io.krill.gossip;

/**
 * Fresh node ids (and shard ids): 40 lower-case hex characters, 160 random bits, drawn from the injected
 * {@link RandomSource} so a simulation gets the same ids for the same seed. Redis names a handshake node
 * with such a temporary id until the peer's PONG tells the real one (digest 5.9).
 */
final class NodeIdGenerator
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private NodeIdGenerator()
    {
    }

    static byte[] next(final RandomSource random)
    {
        final byte[] id = new byte[NodeId.LENGTH];
        fill(random, id);
        return id;
    }

    static void fill(final RandomSource random, final byte[] id)
    {
        long bits = 0;
        for (int i = 0; i < NodeId.LENGTH; i++)
        {
            if ((i & 15) == 0)
            {
                bits = random.nextLong();
            }
            id[i] = HEX[(int)(bits & 15)];
            bits >>>= 4;
        }
    }
}
