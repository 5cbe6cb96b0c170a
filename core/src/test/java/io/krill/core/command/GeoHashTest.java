package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the geo arithmetic gives Redis's numbers: the 52-bit score of a position, the decoded cell centre printed
 * in Redis's %.17Lf form, the standard 11-character geohash, haversine distances printed %.4f, neighbour cells,
 * and the partial sort that picks the nearest COUNT results.
 * Method: known values read from redis-server 7.0.15 (GEOADD/ZSCORE, GEOPOS, GEOHASH, GEODIST on the Palermo and
 * Catania example), neighbour moves checked by decoding the cells they name, the correctly rounded functions
 * against StrictMath within an ulp, and the partial sort against a full sort on seeded random input.
 */
class GeoHashTest
{
    private static final double PALERMO_LON = 13.361389;
    private static final double PALERMO_LAT = 38.115556;
    private static final double CATANIA_LON = 15.087269;
    private static final double CATANIA_LAT = 37.502669;

    @Test
    void shouldEncodeTheScoreRedisStores()
    {
        assertEquals(3479099956230698L, GeoHash.score(PALERMO_LON, PALERMO_LAT));
        assertEquals(3479447370796909L, GeoHash.score(CATANIA_LON, CATANIA_LAT));
    }

    @Test
    void shouldDecodeToCellCentrePrintedAsRedisPrintsIt()
    {
        final double[] xy = new double[2];
        GeoHash.decode(3479099956230698d, xy);
        assertEquals("13.36138933897018433", CFormat.human(xy[0]));
        assertEquals("38.11555639549629859", CFormat.human(xy[1]));
        GeoHash.decode(3479447370796909d, xy);
        assertEquals("15.08726745843887329", CFormat.human(xy[0]));
        assertEquals("37.50266842333162032", CFormat.human(xy[1]));
    }

    @Test
    void shouldGiveStandardGeohashStrings()
    {
        assertEquals("sqc8b49rny0", GeoHash.standardHash(3479099956230698d));
        assertEquals("sqdtr74hyu0", GeoHash.standardHash(3479447370796909d));
    }

    @Test
    void shouldMeasureDistancesAsGeodist()
    {
        final double[] a = new double[2];
        final double[] b = new double[2];
        GeoHash.decode(3479099956230698d, a);
        GeoHash.decode(3479447370796909d, b);
        final double meters = GeoHash.distance(a[0], a[1], b[0], b[1]);
        assertEquals("166274.1516", CFormat.fixed(meters, 4));
        assertEquals("166.2742", CFormat.fixed(meters / 1000, 4));
        assertEquals("103.3182", CFormat.fixed(meters / 1609.34, 4));
        assertEquals("545518.8700", CFormat.fixed(meters / 0.3048, 4));
        assertEquals("0.0000", CFormat.fixed(GeoHash.distance(a[0], a[1], a[0], a[1]), 4));
    }

    @Test
    void shouldPrintLikeCPrintfWhenFormattingFixedPoint()
    {
        assertEquals("1.000000", CFormat.fixed(1, 6));
        assertEquals("100.000000", CFormat.fixed(100, 6));
        assertEquals("-85.060000", CFormat.fixed(-85.06, 6));
        assertEquals("-0.000000", CFormat.fixed(-0.0000001, 6));
        assertEquals("inf", CFormat.fixed(Double.POSITIVE_INFINITY, 6));
        assertEquals("0.12", CFormat.fixed(0.125, 2), "half to even on the exact binary value");
        assertEquals("0.13", CFormat.fixed(0.13, 2));
        assertEquals("0", CFormat.human(-0.0));
        assertEquals("2", CFormat.human(2));
        assertEquals("0.5", CFormat.human(0.5));
    }

    @Test
    void shouldNameAdjacentCellsWhenMovingAcrossTheGrid()
    {
        final int step = 10;
        final long cell = GeoHash.encode(PALERMO_LON, PALERMO_LAT, step, GeoHash.LON_MIN, GeoHash.LON_MAX,
            GeoHash.LAT_MIN, GeoHash.LAT_MAX);
        final double[] centre = new double[4];
        final double[] other = new double[4];
        GeoHash.decodeArea(cell, step, centre);
        GeoHash.decodeArea(GeoHash.move(cell, step, 1, 0), step, other);
        assertEquals(centre[1], other[0], 1e-9, "east starts where the cell ends");
        assertEquals(centre[2], other[2], 1e-9);
        GeoHash.decodeArea(GeoHash.move(cell, step, 0, -1), step, other);
        assertEquals(centre[2], other[3], 1e-9, "south ends where the cell starts");
        GeoHash.decodeArea(GeoHash.move(cell, step, -1, 1), step, other);
        assertEquals(centre[0], other[1], 1e-9, "north-west");
        assertEquals(centre[3], other[2], 1e-9);
    }

    @Test
    void shouldPickStepsByRadius()
    {
        assertEquals(26, GeoHash.estimateSteps(0, 0));
        assertTrue(GeoHash.estimateSteps(100, 0) > GeoHash.estimateSteps(100_000, 0));
        assertEquals(GeoHash.estimateSteps(1000, 0) - 1, GeoHash.estimateSteps(1000, 70), "wider near the poles");
        assertEquals(1, GeoHash.estimateSteps(1e9, 0));
    }

    @Test
    void shouldStayWithinAnUlpOfStrictMathWhenRounding()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++)
        {
            final double x = random.nextDouble(-Math.PI, Math.PI);
            final double y = random.nextDouble();
            assertEquals(StrictMath.sin(x), RoundedMath.sin(x), 2 * Math.ulp(StrictMath.sin(x)), "sin " + x);
            assertEquals(StrictMath.cos(x), RoundedMath.cos(x), 2 * Math.ulp(StrictMath.cos(x)), "cos " + x);
            assertEquals(StrictMath.asin(y), RoundedMath.asin(y), 2 * Math.ulp(StrictMath.asin(y)), "asin " + y);
        }
        assertEquals(0.0, RoundedMath.sin(0.0));
        assertEquals(1.0, RoundedMath.cos(0.0));
        assertEquals(Math.PI / 2, RoundedMath.asin(1.0));
    }

    @Test
    void shouldOrderTheWantedPrefixLikeAFullSort()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final Comparator<Integer> order = Integer::compare;
        for (int round = 0; round < 500; round++)
        {
            final int n = 1 + random.nextInt(120);
            final Integer[] values = new Integer[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = random.nextInt(n / 2 + 1);
            }
            final Integer[] sorted = values.clone();
            Arrays.sort(sorted);
            final int to = random.nextInt(n);
            final Integer[] partial = values.clone();
            PartialSort.sort(partial, n, order, 0, to);
            assertEquals(Arrays.asList(sorted).subList(0, to + 1), Arrays.asList(partial).subList(0, to + 1),
                "round " + round);
            final List<Integer> all = new ArrayList<>(Arrays.asList(partial));
            all.sort(order);
            assertEquals(Arrays.asList(sorted), all, "a permutation of the input");
        }
    }
}
