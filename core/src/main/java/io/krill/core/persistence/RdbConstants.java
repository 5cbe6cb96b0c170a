package io.krill.core.persistence;

/**
 * RDB version 10 (Redis 7.0) numbers: value types, opcodes and string encodings.
 */
public final class RdbConstants
{
    public static final int VERSION = 10;

    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;

    public static final int OPCODE_FUNCTION_PRE_GA = 0xf5;
    public static final int OPCODE_FUNCTION2 = 0xf6;
    public static final int OPCODE_MODULE_AUX = 0xf7;
    public static final int OPCODE_FREQ = 0xf8;
    public static final int OPCODE_IDLE = 0xf9;
    public static final int OPCODE_AUX = 0xfa;
    public static final int OPCODE_RESIZEDB = 0xfb;
    public static final int OPCODE_EXPIRETIME_MS = 0xfc;
    public static final int OPCODE_EXPIRETIME = 0xfd;
    public static final int OPCODE_SELECTDB = 0xfe;
    public static final int OPCODE_EOF = 0xff;

    /** Quicklist 2 node containers. */
    public static final int QUICKLIST_NODE_PLAIN = 1;
    public static final int QUICKLIST_NODE_PACKED = 2;

    static final int LEN_32BIT = 0x80;
    static final int LEN_64BIT = 0x81;
    static final int ENC_INT8 = 0xc0;
    static final int ENC_INT16 = 0xc1;
    static final int ENC_INT32 = 0xc2;
    static final int ENC_LZF = 0xc3;

    private RdbConstants()
    {
    }
}
