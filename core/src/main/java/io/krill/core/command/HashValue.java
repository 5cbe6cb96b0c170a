package io.krill.core.command;

/**
 * A hash value in the keyspace: a map from field to value, both byte strings, in one of Redis 7.0's two encodings,
 * {@link ListpackHash} ("listpack", small) or {@link TableHash} ("hashtable").
 * <p>
 * Entries are addressed by a position, valid until the hash is next modified: {@link #first()} and
 * {@link #next(int)} walk them (in insertion order for a listpack, as Redis replies), {@link #find} looks one up.
 * A field or value is read as a slice ({@code fieldBytes/fieldOffset/fieldLength}), so reading copies nothing.
 */
interface HashValue extends ElementWalk
{
    /** Position of {@code field}, or -1. */
    int find(byte[] field, int offset, int length);

    byte[] fieldBytes(int position);

    int fieldOffset(int position);

    int fieldLength(int position);

    byte[] valueBytes(int position);

    int valueOffset(int position);

    int valueLength(int position);

    /**
     * Sets {@code field} to {@code value} (both copied in).
     *
     * @return true if the field was added, false if it existed.
     */
    boolean put(byte[] field, int fieldOffset, int fieldLength, byte[] value, int valueOffset, int valueLength);

    /** Removes {@code field}; returns whether it was there. */
    boolean remove(byte[] field, int offset, int length);

    /** OBJECT ENCODING. */
    String encoding();

    /** A deep copy: later changes to either do not show in the other. */
    HashValue copy();
}
