package io.krill.core.command;

/**
 * The geohash arithmetic behind the GEO commands, following the numbers and steps of Redis's geohash helpers so
 * that scores, decoded coordinates, distances and the cells a search visits are the same to the last bit.
 * <p>
 * BACKGROUND: a position is stored as a sorted set score: latitude (within ±85.05112878, the Web Mercator limit)
 * and longitude are each scaled to a 26-bit cell index and interleaved, longitude bits in the odd positions, into
 * a 52-bit integer, which a double holds exactly. Nearby points share high bits, so the points of one cell at a
 * coarser step form one score interval. A search picks the step whose cells are about as large as the search
 * radius, and reads the cell of the centre and its eight neighbours.
 */
final class GeoHash
{
    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LON_MIN = -180;
    static final double LON_MAX = 180;
    static final double EARTH_RADIUS_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double DEGREES_TO_RADIANS = Math.PI / 180.0;

    /** Neighbour order of a search, as Redis reads them: the centre cell first. */
    static final int CENTER = 0;
    static final int NORTH = 1;
    static final int SOUTH = 2;
    static final int EAST = 3;
    static final int WEST = 4;
    static final int NORTH_EAST = 5;
    static final int NORTH_WEST = 6;
    static final int SOUTH_EAST = 7;
    static final int SOUTH_WEST = 8;

    private GeoHash()
    {
    }

    static boolean isValid(final double longitude, final double latitude)
    {
        return !(longitude < LON_MIN || longitude > LON_MAX || latitude < LAT_MIN || latitude > LAT_MAX);
    }

    /** The 52-bit score of a valid position. */
    static long score(final double longitude, final double latitude)
    {
        return encode(longitude, latitude, STEP_MAX, LON_MIN, LON_MAX, LAT_MIN, LAT_MAX);
    }

    /** Cell bits of the position at {@code step}, within the given ranges; the position must be valid. */
    static long encode(final double longitude, final double latitude, final int step, final double lonMin,
        final double lonMax, final double latMin, final double latMax)
    {
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double lonOffset = (longitude - lonMin) / (lonMax - lonMin);
        latOffset *= (double)(1L << step);
        lonOffset *= (double)(1L << step);
        // C converts the offsets to uint32_t: truncation
        return interleave((long)latOffset, (long)lonOffset);
    }

    static long interleave(final long latitudeBits, final long longitudeBits)
    {
        return spread(latitudeBits) | (spread(longitudeBits) << 1);
    }

    private static long spread(final long bits)
    {
        long v = bits & 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static long squash(final long bits)
    {
        long v = bits & 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /**
     * The cell of {@code bits} at {@code step} within the standard ranges: {@code area} receives longitude min,
     * longitude max, latitude min, latitude max.
     */
    static void decodeArea(final long bits, final int step, final double[] area)
    {
        final long latitudeIndex = squash(bits);
        final long longitudeIndex = squash(bits >>> 1);
        final double cells = (double)(1L << step);
        final double latScale = LAT_MAX - LAT_MIN;
        final double lonScale = LON_MAX - LON_MIN;
        area[0] = LON_MIN + (longitudeIndex * 1.0 / cells) * lonScale;
        area[1] = LON_MIN + (((longitudeIndex + 1) & 0xFFFFFFFFL) * 1.0 / cells) * lonScale;
        area[2] = LAT_MIN + (latitudeIndex * 1.0 / cells) * latScale;
        area[3] = LAT_MIN + (((latitudeIndex + 1) & 0xFFFFFFFFL) * 1.0 / cells) * latScale;
    }

    /** The position a score stands for (the centre of its cell): {@code xy} receives longitude, latitude. */
    static void decode(final double score, final double[] xy)
    {
        final double[] area = new double[4];
        decodeArea(toBits(score), STEP_MAX, area);
        double longitude = (area[0] + area[1]) / 2;
        longitude = Math.min(LON_MAX, Math.max(LON_MIN, longitude));
        double latitude = (area[2] + area[3]) / 2;
        latitude = Math.min(LAT_MAX, Math.max(LAT_MIN, latitude));
        xy[0] = longitude;
        xy[1] = latitude;
    }

    /** C's conversion of a score to {@code uint64_t}. */
    static long toBits(final double score)
    {
        return score >= 9.223372036854775807E18 ? (long)(score - 9.223372036854775807E18) ^ Long.MIN_VALUE :
            (long)score;
    }

    /** The 11-character standard geohash (latitude range ±90) of the position a score stands for. */
    static String standardHash(final double score)
    {
        final double[] xy = new double[2];
        decode(score, xy);
        final long bits = encode(xy[0], xy[1], STEP_MAX, -180, 180, -90, 90);
        final String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        final char[] hash = new char[11];
        for (int i = 0; i < 11; i++)
        {
            // 52 bits make ten characters and two bits; the last character reads them as zero
            final int index = i == 10 ? 0 : (int)((bits >>> (52 - (i + 1) * 5)) & 0x1f);
            hash[i] = alphabet.charAt(index);
        }
        return new String(hash);
    }

    static double degreesToRadians(final double degrees)
    {
        return degrees * DEGREES_TO_RADIANS;
    }

    static double radiansToDegrees(final double radians)
    {
        return radians / DEGREES_TO_RADIANS;
    }

    /** Great-circle distance in meters (haversine), with Redis's shortcut for points on one meridian. */
    static double distance(final double lon1, final double lat1, final double lon2, final double lat2)
    {
        final double lon1r = degreesToRadians(lon1);
        final double lon2r = degreesToRadians(lon2);
        final double v = RoundedMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0)
        {
            return latitudeDistance(lat1, lat2);
        }
        final double lat1r = degreesToRadians(lat1);
        final double lat2r = degreesToRadians(lat2);
        final double u = RoundedMath.sin((lat2r - lat1r) / 2);
        final double a = u * u + RoundedMath.cos(lat1r) * RoundedMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_METERS * RoundedMath.asin(Math.sqrt(a));
    }

    static double latitudeDistance(final double lat1, final double lat2)
    {
        return EARTH_RADIUS_METERS * Math.abs(degreesToRadians(lat2) - degreesToRadians(lat1));
    }

    /** The coarsest step whose cells still cover a radius of {@code rangeMeters} around {@code latitude}. */
    static int estimateSteps(final double rangeMeters, final double latitude)
    {
        if (rangeMeters == 0)
        {
            return STEP_MAX;
        }
        double range = rangeMeters;
        int step = 1;
        while (range < MERCATOR_MAX)
        {
            range *= 2;
            step++;
        }
        // cover the range in most cases, and take larger cells towards the poles where meridians converge
        step -= 2;
        if (latitude > 66 || latitude < -66)
        {
            step--;
            if (latitude > 80 || latitude < -80)
            {
                step--;
            }
        }
        return Math.max(1, Math.min(STEP_MAX, step));
    }

    /** The cell next to {@code bits} at {@code step}, {@code dx} cells east and {@code dy} cells north (-1, 0, 1). */
    static long move(final long bits, final int step, final int dx, final int dy)
    {
        return moveY(moveX(bits, step, dx), step, dy);
    }

    private static long moveX(final long bits, final int step, final int d)
    {
        if (d == 0)
        {
            return bits;
        }
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        final long y = bits & 0x5555555555555555L;
        final long zz = 0x5555555555555555L >>> (64 - step * 2);
        if (d > 0)
        {
            x = x + (zz + 1);
        }
        else
        {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        return x | y;
    }

    private static long moveY(final long bits, final int step, final int d)
    {
        if (d == 0)
        {
            return bits;
        }
        final long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        final long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        if (d > 0)
        {
            y = y + (zz + 1);
        }
        else
        {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= 0x5555555555555555L >>> (64 - step * 2);
        return x | y;
    }
}
