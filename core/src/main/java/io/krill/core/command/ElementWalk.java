package io.krill.core.command;

import java.util.SplittableRandom;

/**
 * The elements of a collection value as positions: what random draws (HRANDFIELD, SRANDMEMBER, SPOP) need.
 * Positions are valid until the collection is modified.
 */
interface ElementWalk
{
    int size();

    /** Position of the first element, or -1 if empty. */
    int first();

    /** Position of the element after {@code position}, or -1. */
    int next(int position);

    /** Position of a random element; the collection must not be empty. */
    int random(SplittableRandom random);
}
