package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the HLL representation keeps its invariants without a server: the empty value, where one element lands
 * (a fact read from Redis 7.0.15: PFADD h a; PFDEBUG DECODE h gives "Z:12711 v:2,1 Z:3672"), equal registers
 * whether sparse or dense, the estimator's accuracy, and the cache bit.
 * Method: drive HyperLogLog directly; byte-level agreement with Redis is HyperLogLogDifferentialTest's job.
 */
class HyperLogLogTest
{
    /** Redis's default hll-sparse-max-bytes. */
    private static final long SPARSE_MAX_BYTES = 3000;

    @Test
    void shouldBeOneXzeroOpcodeWhenCreated()
    {
        final MutableString hll = HyperLogLog.create();
        assertEquals(18, hll.length);
        assertArrayEquals("HYLL".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(hll.bytes, 4));
        assertEquals("Z:16384", HyperLogLog.decode(hll.bytes, hll.length));
        assertTrue(HyperLogLog.hasCachedCardinality(hll.bytes));
        assertEquals(0, HyperLogLog.cachedCardinality(hll.bytes));
        assertEquals(0, HyperLogLog.count(hll.bytes, hll.length, new int[64]));
    }

    @Test
    void shouldSetRegisterOfRedisWhenAddingOneElement()
    {
        final MutableString hll = HyperLogLog.create();
        assertEquals(1, add(hll, "a"));
        assertEquals(0, add(hll, "a"));
        assertEquals("Z:12711 v:2,1 Z:3672", HyperLogLog.decode(hll.bytes, hll.length));
    }

    @Test
    void shouldKeepRegistersWhenConvertedToDense()
    {
        final MutableString sparse = HyperLogLog.create();
        final MutableString dense = HyperLogLog.create();
        assertTrue(HyperLogLog.toDense(dense));
        for (int i = 0; i < 300; i++)
        {
            add(sparse, "element-" + i);
            add(dense, "element-" + i);
        }
        assertFalse(HyperLogLog.isDense(sparse.bytes));
        final MutableString converted = new MutableString(sparse.bytes.clone(), sparse.length);
        assertTrue(HyperLogLog.toDense(converted));
        assertEquals(HyperLogLog.DENSE_BYTES, converted.length);
        for (int i = 0; i < HyperLogLog.REGISTERS; i++)
        {
            assertEquals(HyperLogLog.denseGet(dense.bytes, i), HyperLogLog.denseGet(converted.bytes, i),
                "register " + i);
        }
        final int[] histogram = new int[64];
        assertEquals(HyperLogLog.count(dense.bytes, dense.length, histogram),
            HyperLogLog.count(sparse.bytes, sparse.length, histogram));
    }

    @Test
    void shouldEstimateWithinThreeStandardErrorsWhenCountingDistinctElements()
    {
        final MutableString hll = HyperLogLog.create();
        final int distinct = 200_000;
        for (int i = 0; i < distinct; i++)
        {
            add(hll, "user:" + i);
        }
        assertTrue(HyperLogLog.isDense(hll.bytes));
        final long estimate = HyperLogLog.count(hll.bytes, hll.length, new int[64]);
        // the standard error of 16384 registers is 1.04 / sqrt(16384) = 0.81%
        assertTrue(Math.abs(estimate - distinct) < distinct * 3 * 0.0081, "estimate " + estimate);
    }

    @Test
    void shouldMergeToTheMaximumOfRegistersWhenMergingSparseAndDense()
    {
        final MutableString a = HyperLogLog.create();
        final MutableString b = HyperLogLog.create();
        final MutableString both = HyperLogLog.create();
        for (int i = 0; i < 500; i++)
        {
            add(a, "a" + i);
            add(both, "a" + i);
            add(b, "b" + i);
            add(both, "b" + i);
        }
        assertTrue(HyperLogLog.toDense(b));
        final byte[] registers = new byte[HyperLogLog.REGISTERS];
        assertTrue(HyperLogLog.mergeInto(registers, a.bytes, a.length));
        assertTrue(HyperLogLog.mergeInto(registers, b.bytes, b.length));
        final int[] histogram = new int[64];
        assertEquals(HyperLogLog.count(both.bytes, both.length, histogram),
            HyperLogLog.countRegisters(registers, histogram));
    }

    @Test
    void shouldPromoteWhenSparseLimitIsReached()
    {
        final MutableString hll = HyperLogLog.create();
        int added = 0;
        while (!HyperLogLog.isDense(hll.bytes))
        {
            HyperLogLog.add(hll, ("e" + added).getBytes(StandardCharsets.US_ASCII), 0, ("e" + added).length(), 100);
            added++;
            assertTrue(HyperLogLog.isDense(hll.bytes) || hll.length <= 100, "sparse length " + hll.length);
        }
        assertTrue(added > 5, "promoted after " + added);
    }

    @Test
    void shouldPromoteWhenRegisterValueDoesNotFitSparse()
    {
        final MutableString hll = HyperLogLog.create();
        assertEquals(1, HyperLogLog.set(hll, 100, 32, SPARSE_MAX_BYTES));
        assertFalse(HyperLogLog.isDense(hll.bytes));
        assertEquals("Z:100 v:32,1 Z:16283", HyperLogLog.decode(hll.bytes, hll.length));
        assertEquals(1, HyperLogLog.set(hll, 200, 33, SPARSE_MAX_BYTES));
        assertTrue(HyperLogLog.isDense(hll.bytes));
        assertEquals(32, HyperLogLog.denseGet(hll.bytes, 100));
        assertEquals(33, HyperLogLog.denseGet(hll.bytes, 200));
        assertEquals(0, HyperLogLog.set(hll, 200, 20, SPARSE_MAX_BYTES));
    }

    @Test
    void shouldMergeEqualNeighboursWhenSettingSparseRegisters()
    {
        final MutableString hll = HyperLogLog.create();
        HyperLogLog.set(hll, 10, 3, SPARSE_MAX_BYTES);
        HyperLogLog.set(hll, 12, 3, SPARSE_MAX_BYTES);
        assertEquals("z:10 v:3,1 z:1 v:3,1 Z:16371", HyperLogLog.decode(hll.bytes, hll.length));
        HyperLogLog.set(hll, 11, 3, SPARSE_MAX_BYTES);
        assertEquals("z:10 v:3,3 Z:16371", HyperLogLog.decode(hll.bytes, hll.length));
        HyperLogLog.set(hll, 11, 5, SPARSE_MAX_BYTES);
        assertEquals("z:10 v:3,1 v:5,1 v:3,1 Z:16371", HyperLogLog.decode(hll.bytes, hll.length));
    }

    @Test
    void shouldRoundTripCardinalityAndStaleBitWhenCaching()
    {
        final MutableString hll = HyperLogLog.create();
        HyperLogLog.cacheCardinality(hll.bytes, 0x0123456789ABCDL);
        assertEquals(0x0123456789ABCDL, HyperLogLog.cachedCardinality(hll.bytes));
        assertTrue(HyperLogLog.hasCachedCardinality(hll.bytes));
        HyperLogLog.invalidateCache(hll.bytes);
        assertFalse(HyperLogLog.hasCachedCardinality(hll.bytes));
    }

    private static int add(final MutableString hll, final String element)
    {
        final byte[] bytes = element.getBytes(StandardCharsets.UTF_8);
        return HyperLogLog.add(hll, bytes, 0, bytes.length, SPARSE_MAX_BYTES);
    }
}
