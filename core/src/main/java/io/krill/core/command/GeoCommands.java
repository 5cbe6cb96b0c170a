package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * GEOADD GEOPOS GEODIST GEOHASH GEOSEARCH GEOSEARCHSTORE GEORADIUS GEORADIUSBYMEMBER and the _RO forms, on sorted
 * sets whose scores are 52-bit geohashes ({@link GeoHash}).
 * <p>
 * BEHAVIOR: a search reads the centre cell and its eight neighbours at the step {@link GeoHash#estimateSteps}
 * picks (one step coarser when a neighbour does not reach the search's bounding box, and without the neighbours
 * that lie wholly outside it), cell by cell in Redis's order (centre, N, S, E, W, NE, NW, SE, SW), members of a
 * cell in score order, keeping those within the radius or box. Without ASC/DESC results keep that order; COUNT
 * without ANY sorts by distance (stable) and keeps the nearest; COUNT ANY stops as soon as enough were found.
 * Distances are printed {@code %.4f} in the requested unit, coordinates as Redis's {@code %.17Lf} "human" form.
 */
final class GeoCommands
{
    private static final CommandException UNIT =
        new CommandException("ERR unsupported unit provided. please use M, KM, FT, MI");
    private static final CommandException MEMBER_NOT_DECODED =
        new CommandException("ERR could not decode requested zset member");
    private static final CommandException RADIUS_NOT_NUMERIC = new CommandException("ERR need numeric radius");
    private static final CommandException WIDTH_NOT_NUMERIC = new CommandException("ERR need numeric width");
    private static final CommandException HEIGHT_NOT_NUMERIC = new CommandException("ERR need numeric height");
    private static final CommandException RADIUS_NEGATIVE = new CommandException("ERR radius cannot be negative");
    private static final CommandException BOX_NEGATIVE =
        new CommandException("ERR height or width cannot be negative");
    private static final CommandException COUNT_NOT_POSITIVE = new CommandException("ERR COUNT must be > 0");
    private static final CommandException ANY_WITHOUT_COUNT =
        new CommandException("ERR the ANY argument requires COUNT argument");
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Search flavours, as Redis's georadiusGeneric distinguishes them. */
    private static final int RADIUS_COORDS = 1;
    private static final int RADIUS_MEMBER = 1 << 1;
    private static final int NO_STORE = 1 << 2;
    private static final int SEARCH = 1 << 3;
    private static final int SEARCH_STORE = 1 << 4;

    private static final int SORT_NONE = 0;
    private static final int SORT_ASC = 1;
    private static final int SORT_DESC = 2;

    private final NodeState node;
    private final Keyspace keyspace;
    private final Strtod strtod = new Strtod();
    private final SortedSets.Adder adder;
    private final SortedSet.Cursor cursor = new SortedSet.Cursor();
    private final double[] xy = new double[2];

    GeoCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
        this.adder = new SortedSets.Adder(node);
    }

    void register(final CommandTable table)
    {
        table.register("geoadd", this::geoadd);
        table.register("geopos", this::geopos);
        table.register("geodist", this::geodist);
        table.register("geohash", this::geohash);
        table.register("georadius", (client, args, out) -> search(args, out, 1, RADIUS_COORDS));
        table.register("georadius_ro", (client, args, out) -> search(args, out, 1, RADIUS_COORDS | NO_STORE));
        table.register("georadiusbymember", (client, args, out) -> search(args, out, 1, RADIUS_MEMBER));
        table.register("georadiusbymember_ro",
            (client, args, out) -> search(args, out, 1, RADIUS_MEMBER | NO_STORE));
        table.register("geosearch", (client, args, out) -> search(args, out, 1, SEARCH));
        table.register("geosearchstore", (client, args, out) -> search(args, out, 2, SEARCH | SEARCH_STORE));
    }

    /** GEOADD key [NX|XX] [CH] longitude latitude member [...]: ZADD with the positions' geohashes as scores. */
    private void geoadd(final Client client, final CommandArgs args, final RespEncoder out)
    {
        boolean nx = false;
        boolean xx = false;
        boolean changed = false;
        int first = 2;
        for (; first < args.count(); first++)
        {
            if (args.is(first, "nx"))
            {
                nx = true;
            }
            else if (args.is(first, "xx"))
            {
                xx = true;
            }
            else if (args.is(first, "ch"))
            {
                changed = true;
            }
            else
            {
                break;
            }
        }
        if ((args.count() - first) % 3 != 0 || (nx && xx) || args.count() == first)
        {
            throw CommandException.SYNTAX;
        }
        final int elements = (args.count() - first) / 3;
        final double[] scores = new double[elements];
        for (int i = 0; i < elements; i++)
        {
            longitudeLatitude(args, first + 3 * i, xy);
            scores[i] = GeoHash.score(xy[0], xy[1]);
        }
        final int flags = (nx ? SortedSets.ADD_NX : 0) | (xx ? SortedSets.ADD_XX : 0);
        final int index = keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        if (index < 0 && xx)
        {
            out.integer(0);
            return;
        }
        final SortedSet before = index < 0 ? null : SortedSets.require(keyspace.value());
        adder.start(before == null ? new PackedSortedSet() : before);
        int added = 0;
        int updated = 0;
        for (int i = 0; i < elements; i++)
        {
            final int member = first + 3 * i + 2;
            final int outcome = adder.add(args.buffer(member), args.offset(member), args.length(member), scores[i],
                flags);
            if (outcome == SortedSets.ADDED)
            {
                added++;
            }
            else if (outcome == SortedSets.UPDATED)
            {
                updated++;
            }
        }
        final SortedSet after = adder.set;
        if (before == null)
        {
            if (after.size() > 0)
            {
                keyspace.insert(args.copy(1), after, KeyTable.NO_EXPIRY);
            }
        }
        else if (after != before)
        {
            keyspace.replaceValue(after);
        }
        else if (added + updated > 0)
        {
            keyspace.modified();
        }
        out.integer(changed ? added + updated : added);
    }

    /** Reads a longitude, latitude pair at {@code index} into {@code xy}, with Redis's range check. */
    private void longitudeLatitude(final CommandArgs args, final int index, final double[] xy)
    {
        for (int i = 0; i < 2; i++)
        {
            if (!strtod.parseStrict(args.buffer(index + i), args.offset(index + i), args.length(index + i)))
            {
                throw CommandException.NOT_A_FLOAT;
            }
            xy[i] = strtod.value;
        }
        if (!GeoHash.isValid(xy[0], xy[1]))
        {
            throw new CommandException("ERR invalid longitude,latitude pair " + CFormat.fixed(xy[0], 6) + "," +
                CFormat.fixed(xy[1], 6));
        }
    }

    private SortedSet findForRead(final CommandArgs args, final int index)
    {
        if (keyspace.findForRead(args.buffer(index), args.offset(index), args.length(index)) < 0)
        {
            return null;
        }
        return SortedSets.require(keyspace.value());
    }

    /** GEOPOS key [member ...]. */
    private void geopos(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final SortedSet set = findForRead(args, 1);
        out.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            final double score = set == null ? Double.NaN : set.score(args.buffer(i), args.offset(i), args.length(i));
            if (Double.isNaN(score))
            {
                out.nullArray();
                continue;
            }
            GeoHash.decode(score, xy);
            out.array(2);
            human(out, xy[0]);
            human(out, xy[1]);
        }
    }

    /** A coordinate: a bulk string in RESP2, a double in RESP3, in Redis's human long double form. */
    private static void human(final RespEncoder out, final double value)
    {
        final String text = CFormat.human(value);
        if (out.resp3())
        {
            final byte[] bytes = ("," + text).getBytes(StandardCharsets.US_ASCII);
            out.raw(bytes, 0, bytes.length);
            out.raw(CRLF, 0, CRLF.length);
        }
        else
        {
            out.bulk(text);
        }
    }

    /** GEODIST key member1 member2 [M|KM|FT|MI]. */
    private void geodist(final Client client, final CommandArgs args, final RespEncoder out)
    {
        double toMeters = 1;
        if (args.count() == 5)
        {
            toMeters = unit(args, 4);
        }
        else if (args.count() > 5)
        {
            throw CommandException.SYNTAX;
        }
        final SortedSet set = findForRead(args, 1);
        if (set == null)
        {
            out.nullBulk();
            return;
        }
        final double score1 = set.score(args.buffer(2), args.offset(2), args.length(2));
        final double score2 = set.score(args.buffer(3), args.offset(3), args.length(3));
        if (Double.isNaN(score1) || Double.isNaN(score2))
        {
            out.nullBulk();
            return;
        }
        final double[] other = new double[2];
        GeoHash.decode(score1, xy);
        GeoHash.decode(score2, other);
        out.bulk(CFormat.fixed(GeoHash.distance(xy[0], xy[1], other[0], other[1]) / toMeters, 4));
    }

    private static double unit(final CommandArgs args, final int index)
    {
        if (args.is(index, "m"))
        {
            return 1;
        }
        if (args.is(index, "km"))
        {
            return 1000;
        }
        if (args.is(index, "ft"))
        {
            return 0.3048;
        }
        if (args.is(index, "mi"))
        {
            return 1609.34;
        }
        throw UNIT;
    }

    /** GEOHASH key [member ...]. */
    private void geohash(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final SortedSet set = findForRead(args, 1);
        out.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            final double score = set == null ? Double.NaN : set.score(args.buffer(i), args.offset(i), args.length(i));
            if (Double.isNaN(score))
            {
                out.nullBulk();
            }
            else
            {
                out.bulk(GeoHash.standardHash(score));
            }
        }
    }

    /** The area a search covers. */
    private static final class Shape
    {
        boolean box;
        double longitude;
        double latitude;
        double radius;
        double width;
        double height;
        /** Meters per unit of the request. */
        double conversion;
    }

    /** A member found by a search. */
    private static final class Point
    {
        byte[] member;
        double score;
        double longitude;
        double latitude;
        double distance;
    }

    /** The body of every search command; the source key is {@code args[keyIndex]}. */
    private void search(final CommandArgs args, final RespEncoder out, final int keyIndex, final int flags)
    {
        final SortedSet set = findForRead(args, keyIndex);
        final Shape shape = new Shape();
        int firstOption;
        int storeIndex = -1;
        boolean storeDistance = false;
        if ((flags & RADIUS_COORDS) != 0)
        {
            firstOption = 6;
            longitudeLatitude(args, 2, xy);
            shape.longitude = xy[0];
            shape.latitude = xy[1];
            radius(args, 4, shape);
        }
        else if ((flags & RADIUS_MEMBER) != 0)
        {
            firstOption = 5;
            if (set != null)
            {
                memberPosition(set, args, 2, shape);
                radius(args, 3, shape);
            }
        }
        else
        {
            firstOption = (flags & SEARCH_STORE) != 0 ? 3 : 2;
            if ((flags & SEARCH_STORE) != 0)
            {
                storeIndex = 1;
            }
        }
        boolean withDistance = false;
        boolean withHash = false;
        boolean withCoordinates = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        boolean any = false;
        int sort = SORT_NONE;
        long count = 0;
        final boolean search = (flags & SEARCH) != 0;
        final boolean storeAllowed = (flags & NO_STORE) == 0 && !search;
        final int remaining = args.count() - firstOption;
        for (int i = 0; i < remaining; i++)
        {
            final int at = firstOption + i;
            if (args.is(at, "withdist"))
            {
                withDistance = true;
            }
            else if (args.is(at, "withhash"))
            {
                withHash = true;
            }
            else if (args.is(at, "withcoord"))
            {
                withCoordinates = true;
            }
            else if (args.is(at, "any"))
            {
                any = true;
            }
            else if (args.is(at, "asc"))
            {
                sort = SORT_ASC;
            }
            else if (args.is(at, "desc"))
            {
                sort = SORT_DESC;
            }
            else if (args.is(at, "count") && i + 1 < remaining)
            {
                count = args.longValue(at + 1);
                if (count <= 0)
                {
                    throw COUNT_NOT_POSITIVE;
                }
                i++;
            }
            else if (args.is(at, "store") && i + 1 < remaining && storeAllowed)
            {
                storeIndex = at + 1;
                storeDistance = false;
                i++;
            }
            else if (args.is(at, "storedist") && i + 1 < remaining && storeAllowed)
            {
                storeIndex = at + 1;
                storeDistance = true;
                i++;
            }
            else if (args.is(at, "storedist") && search && (flags & SEARCH_STORE) != 0)
            {
                storeDistance = true;
            }
            else if (args.is(at, "frommember") && i + 1 < remaining && search && !fromLonLat)
            {
                if (set != null)
                {
                    memberPosition(set, args, at + 1, shape);
                }
                fromMember = true;
                i++;
            }
            else if (args.is(at, "fromlonlat") && i + 2 < remaining && search && !fromMember)
            {
                longitudeLatitude(args, at + 1, xy);
                shape.longitude = xy[0];
                shape.latitude = xy[1];
                fromLonLat = true;
                i += 2;
            }
            else if (args.is(at, "byradius") && i + 2 < remaining && search && !byBox)
            {
                radius(args, at + 1, shape);
                byRadius = true;
                i += 2;
            }
            else if (args.is(at, "bybox") && i + 3 < remaining && search && !byRadius)
            {
                box(args, at + 1, shape);
                byBox = true;
                i += 3;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        if (storeIndex >= 0 && (withDistance || withHash || withCoordinates))
        {
            throw new CommandException("ERR " + ((flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE" :
                "STORE option in GEORADIUS") + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMember || fromLonLat))
        {
            throw new CommandException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " +
                args.string(0));
        }
        if (search && !(byRadius || byBox))
        {
            throw new CommandException("ERR exactly one of BYRADIUS and BYBOX can be specified for " +
                args.string(0));
        }
        if (any && count == 0)
        {
            throw ANY_WITHOUT_COUNT;
        }
        if (set == null)
        {
            if (storeIndex >= 0)
            {
                keyspace.delete(args.buffer(storeIndex), args.offset(storeIndex), args.length(storeIndex));
                out.integer(0);
            }
            else
            {
                out.array(0);
            }
            return;
        }
        if (count != 0 && sort == SORT_NONE && !any)
        {
            sort = SORT_ASC;
        }
        final List<Point> points = new ArrayList<>();
        try
        {
            collect(set, shape, points, any ? count : 0);
        }
        finally
        {
            cursor.clear();
        }
        final int returned = (int)(count == 0 || points.size() < count ? points.size() : count);
        if (sort != SORT_NONE)
        {
            final Comparator<Point> ascending = (a, b) -> a.distance == b.distance ? 0 :
                (a.distance > b.distance ? 1 : -1);
            final Comparator<Point> order = sort == SORT_ASC ? ascending : (a, b) -> -ascending.compare(a, b);
            if (returned == points.size())
            {
                // glibc's qsort is a merge sort: stable
                points.sort(order);
            }
            else
            {
                // only the nearest COUNT are needed: Redis's partial quicksort, whose handling of ties shows
                final Point[] array = points.toArray(new Point[0]);
                PartialSort.sort(array, array.length, order, 0, returned - 1);
                points.clear();
                points.addAll(Arrays.asList(array));
            }
        }
        if (storeIndex < 0)
        {
            reply(out, points, returned, shape, withDistance, withHash, withCoordinates);
            return;
        }
        if (returned == 0)
        {
            keyspace.delete(args.buffer(storeIndex), args.offset(storeIndex), args.length(storeIndex));
            out.integer(0);
            return;
        }
        final byte[][] members = new byte[returned][];
        final double[] scores = new double[returned];
        for (int i = 0; i < returned; i++)
        {
            final Point point = points.get(i);
            members[i] = point.member;
            scores[i] = storeDistance ? point.distance / shape.conversion : point.score;
        }
        final SortedSet stored = SortedSets.build(node, members, scores, returned);
        keyspace.put(args.buffer(storeIndex), args.offset(storeIndex), args.length(storeIndex), stored,
            KeyTable.NO_EXPIRY, false);
        out.integer(returned);
    }

    private static void reply(final RespEncoder out, final List<Point> points, final int returned, final Shape shape,
        final boolean withDistance, final boolean withHash, final boolean withCoordinates)
    {
        final int options = (withDistance ? 1 : 0) + (withHash ? 1 : 0) + (withCoordinates ? 1 : 0);
        out.array(returned);
        for (int i = 0; i < returned; i++)
        {
            final Point point = points.get(i);
            if (options > 0)
            {
                out.array(options + 1);
            }
            out.bulk(point.member);
            if (withDistance)
            {
                out.bulk(CFormat.fixed(point.distance / shape.conversion, 4));
            }
            if (withHash)
            {
                out.integer(GeoHash.toBits(point.score));
            }
            if (withCoordinates)
            {
                out.array(2);
                human(out, point.longitude);
                human(out, point.latitude);
            }
        }
    }

    private void memberPosition(final SortedSet set, final CommandArgs args, final int index, final Shape shape)
    {
        final double score = set.score(args.buffer(index), args.offset(index), args.length(index));
        if (Double.isNaN(score))
        {
            throw MEMBER_NOT_DECODED;
        }
        GeoHash.decode(score, xy);
        shape.longitude = xy[0];
        shape.latitude = xy[1];
    }

    private void radius(final CommandArgs args, final int index, final Shape shape)
    {
        if (!strtod.parseStrict(args.buffer(index), args.offset(index), args.length(index)))
        {
            throw RADIUS_NOT_NUMERIC;
        }
        final double radius = strtod.value;
        if (radius < 0)
        {
            throw RADIUS_NEGATIVE;
        }
        shape.box = false;
        shape.radius = radius;
        shape.conversion = unit(args, index + 1);
    }

    private void box(final CommandArgs args, final int index, final Shape shape)
    {
        if (!strtod.parseStrict(args.buffer(index), args.offset(index), args.length(index)))
        {
            throw WIDTH_NOT_NUMERIC;
        }
        final double width = strtod.value;
        if (!strtod.parseStrict(args.buffer(index + 1), args.offset(index + 1), args.length(index + 1)))
        {
            throw HEIGHT_NOT_NUMERIC;
        }
        final double height = strtod.value;
        if (height < 0 || width < 0)
        {
            throw BOX_NEGATIVE;
        }
        shape.box = true;
        shape.width = width;
        shape.height = height;
        shape.conversion = unit(args, index + 2);
    }

    /** Reads the search's cells in Redis's order and collects the members within the shape. */
    private void collect(final SortedSet set, final Shape shape, final List<Point> points, final long limit)
    {
        final long[] cells = new long[9];
        final boolean[] used = new boolean[9];
        final int step = cells(shape, cells, used);
        int lastRead = -1;
        for (int i = 0; i < 9; i++)
        {
            if (!used[i])
            {
                continue;
            }
            // with huge radii neighbours coincide: a cell equal to the one read just before is skipped
            if (lastRead >= 0 && cells[i] == cells[lastRead])
            {
                continue;
            }
            if (limit > 0 && points.size() >= limit)
            {
                break;
            }
            collectCell(set, cells[i], step, shape, points, limit);
            lastRead = i;
        }
    }

    /** Members with a score in the cell's interval [min, max) that lie within the shape. */
    private void collectCell(final SortedSet set, final long cell, final int step, final Shape shape,
        final List<Point> points, final long limit)
    {
        final int shift = 52 - step * 2;
        final double min = (double)(cell << shift);
        final double max = (double)((cell + 1) << shift);
        final long first = set.countBelow(min, false);
        if (first >= set.size())
        {
            return;
        }
        set.open(cursor, first, false);
        final double[] position = new double[2];
        while (cursor.next())
        {
            if (cursor.score >= max)
            {
                break;
            }
            final double distance = distanceIfWithin(shape, cursor.score, position);
            if (distance >= 0)
            {
                final Point point = new Point();
                point.member = Arrays.copyOfRange(cursor.member, cursor.memberOffset,
                    cursor.memberOffset + cursor.memberLength);
                point.score = cursor.score;
                point.longitude = position[0];
                point.latitude = position[1];
                point.distance = distance;
                points.add(point);
            }
            if (limit > 0 && points.size() >= limit)
            {
                break;
            }
        }
    }

    /** The distance in meters from the shape's centre to the point of {@code score}, or -1 if outside. */
    private static double distanceIfWithin(final Shape shape, final double score, final double[] position)
    {
        GeoHash.decode(score, position);
        final double longitude = position[0];
        final double latitude = position[1];
        if (!shape.box)
        {
            final double distance = GeoHash.distance(shape.longitude, shape.latitude, longitude, latitude);
            return distance > shape.radius * shape.conversion ? -1 : distance;
        }
        final double widthMeters = shape.width * shape.conversion;
        final double heightMeters = shape.height * shape.conversion;
        if (GeoHash.latitudeDistance(latitude, shape.latitude) > heightMeters / 2)
        {
            return -1;
        }
        if (GeoHash.distance(longitude, latitude, shape.longitude, latitude) > widthMeters / 2)
        {
            return -1;
        }
        return GeoHash.distance(shape.longitude, shape.latitude, longitude, latitude);
    }

    /**
     * The nine cells of a search (Redis's {@code geohashCalculateAreasByShapeWGS84}): {@code used[i]} false for
     * neighbours outside the bounding box. Returns the step.
     */
    private static int cells(final Shape shape, final long[] cells, final boolean[] used)
    {
        final double longitude = shape.longitude;
        final double latitude = shape.latitude;
        final double halfHeight = shape.conversion * (shape.box ? shape.height / 2 : shape.radius);
        final double halfWidth = shape.conversion * (shape.box ? shape.width / 2 : shape.radius);
        final double latDelta = GeoHash.radiansToDegrees(halfHeight / GeoHash.EARTH_RADIUS_METERS);
        final double lonDeltaTop = GeoHash.radiansToDegrees(halfWidth / GeoHash.EARTH_RADIUS_METERS /
            RoundedMath.cos(GeoHash.degreesToRadians(latitude + latDelta)));
        final double lonDeltaBottom = GeoHash.radiansToDegrees(halfWidth / GeoHash.EARTH_RADIUS_METERS /
            RoundedMath.cos(GeoHash.degreesToRadians(latitude - latDelta)));
        // the hemispheres' meridians converge on opposite sides: take the wider edge of the box
        final boolean southern = latitude < 0;
        final double minLon = southern ? longitude - lonDeltaBottom : longitude - lonDeltaTop;
        final double maxLon = southern ? longitude + lonDeltaBottom : longitude + lonDeltaTop;
        final double minLat = latitude - latDelta;
        final double maxLat = latitude + latDelta;

        double radiusMeters = shape.box ?
            Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2)) :
            shape.radius;
        radiusMeters *= shape.conversion;
        int step = GeoHash.estimateSteps(radiusMeters, latitude);
        long hash = GeoHash.encode(longitude, latitude, step, GeoHash.LON_MIN, GeoHash.LON_MAX, GeoHash.LAT_MIN,
            GeoHash.LAT_MAX);
        final double[] area = new double[4];
        final double[] side = new double[4];
        boolean decrease = false;
        GeoHash.decodeArea(GeoHash.move(hash, step, 0, 1), step, side);
        decrease |= side[3] < maxLat;
        GeoHash.decodeArea(GeoHash.move(hash, step, 0, -1), step, side);
        decrease |= side[2] > minLat;
        GeoHash.decodeArea(GeoHash.move(hash, step, 1, 0), step, side);
        decrease |= side[1] < maxLon;
        GeoHash.decodeArea(GeoHash.move(hash, step, -1, 0), step, side);
        decrease |= side[0] > minLon;
        if (step > 1 && decrease)
        {
            step--;
            hash = GeoHash.encode(longitude, latitude, step, GeoHash.LON_MIN, GeoHash.LON_MAX, GeoHash.LAT_MIN,
                GeoHash.LAT_MAX);
        }
        GeoHash.decodeArea(hash, step, area);
        cells[GeoHash.CENTER] = hash;
        cells[GeoHash.NORTH] = GeoHash.move(hash, step, 0, 1);
        cells[GeoHash.SOUTH] = GeoHash.move(hash, step, 0, -1);
        cells[GeoHash.EAST] = GeoHash.move(hash, step, 1, 0);
        cells[GeoHash.WEST] = GeoHash.move(hash, step, -1, 0);
        cells[GeoHash.NORTH_EAST] = GeoHash.move(hash, step, 1, 1);
        cells[GeoHash.NORTH_WEST] = GeoHash.move(hash, step, -1, 1);
        cells[GeoHash.SOUTH_EAST] = GeoHash.move(hash, step, 1, -1);
        cells[GeoHash.SOUTH_WEST] = GeoHash.move(hash, step, -1, -1);
        Arrays.fill(used, true);
        if (step >= 2)
        {
            if (area[2] < minLat)
            {
                used[GeoHash.SOUTH] = false;
                used[GeoHash.SOUTH_WEST] = false;
                used[GeoHash.SOUTH_EAST] = false;
            }
            if (area[3] > maxLat)
            {
                used[GeoHash.NORTH] = false;
                used[GeoHash.NORTH_EAST] = false;
                used[GeoHash.NORTH_WEST] = false;
            }
            if (area[0] < minLon)
            {
                used[GeoHash.WEST] = false;
                used[GeoHash.SOUTH_WEST] = false;
                used[GeoHash.NORTH_WEST] = false;
            }
            if (area[1] > maxLon)
            {
                used[GeoHash.EAST] = false;
                used[GeoHash.SOUTH_EAST] = false;
                used[GeoHash.NORTH_EAST] = false;
            }
        }
        return step;
    }
}
