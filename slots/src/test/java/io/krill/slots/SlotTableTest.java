/*
 * Goal: SlotTable keeps owner, migrating-to and importing-from per slot, and its counters stay exact.
 * Method: a 3-master layout like redis-cli --cluster create's (0-5460, 5461-10922, 10923-16383) with String
 * node ids; reassignment, unassignment, migration states, node removal and clear, checked slot by slot.
 */
package io.krill.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SlotTableTest
{
    private static final String A = "a1";
    private static final String B = "b2";
    private static final String C = "c3";

    private final SlotTable<String> table = new SlotTable<>();

    private void assignThreeMasters()
    {
        table.assign(new SlotRange(0, 5460), A);
        table.assign(new SlotRange(5461, 10922), B);
        table.assign(new SlotRange(10923, 16383), C);
    }

    @Test
    void shouldHaveNoOwnersWhenNew()
    {
        assertEquals(0, table.countAssigned());
        assertNull(table.owner(0));
        assertNull(table.owner(16383));
        assertTrue(table.slotsOf(A).isEmpty());
    }

    @Test
    void shouldReportOwnerAndCoverageWhenThreeMastersAssigned()
    {
        assignThreeMasters();

        assertEquals(HashSlot.SLOT_COUNT, table.countAssigned());
        assertEquals(A, table.owner(0));
        assertEquals(A, table.owner(5460));
        assertEquals(B, table.owner(5461));
        assertEquals(C, table.owner(16383));
        assertEquals(List.of(new SlotRange(5461, 10922)), table.slotsOf(B).ranges());
        assertEquals(5461, table.countOf(A));
    }

    @Test
    void shouldReturnPreviousOwnerAndKeepCountWhenReassigned()
    {
        assignThreeMasters();

        assertEquals(A, table.assign(100, B));

        assertEquals(B, table.owner(100));
        assertEquals(HashSlot.SLOT_COUNT, table.countAssigned());
        assertEquals(List.of(new SlotRange(0, 99), new SlotRange(101, 5460)), table.slotsOf(A).ranges());
        assertEquals(5463, table.slotsOf(B).cardinality());
    }

    @Test
    void shouldDecrementCountOnceWhenUnassigningTwice()
    {
        table.assign(7, A);

        assertEquals(A, table.unassign(7));
        assertNull(table.unassign(7));

        assertEquals(0, table.countAssigned());
        assertNull(table.owner(7));
    }

    @Test
    void shouldCompareNodesByEqualsWhenCollectingSlots()
    {
        table.assign(1, new String("a1"));
        table.assign(2, A);

        assertEquals(List.of(new SlotRange(1, 2)), table.slotsOf("a1").ranges());
    }

    @Test
    void shouldFillGivenSetWhenCollectingSlotsWithoutAllocating()
    {
        assignThreeMasters();
        final SlotSet reused = new SlotSet();
        reused.set(16383);

        assertSame(reused, table.slotsOf(A, reused));

        assertEquals(List.of(new SlotRange(0, 5460)), reused.ranges());
    }

    @Test
    void shouldTrackMigrationIndependentlyOfOwnerWhenSlotIsMoving()
    {
        assignThreeMasters();

        table.setMigrating(100, B);
        table.setImporting(6000, A);

        assertTrue(table.isMigrating(100));
        assertFalse(table.isImporting(100));
        assertEquals(B, table.migratingTo(100));
        assertEquals(A, table.owner(100));
        assertTrue(table.isImporting(6000));
        assertEquals(A, table.importingFrom(6000));
        assertFalse(table.isMigrating(101));
        table.assign(100, B);
        assertTrue(table.isMigrating(100), "ownership change alone does not end the migration");
    }

    @Test
    void shouldEndBothStatesWhenSlotSetStable()
    {
        table.setMigrating(5, B);
        table.setImporting(5, C);

        table.setStable(5);

        assertFalse(table.isMigrating(5));
        assertFalse(table.isImporting(5));
        table.setMigrating(6, B);
        table.setMigrating(6, null);
        assertNull(table.migratingTo(6));
    }

    @Test
    void shouldDropOwnershipAndMigrationsWhenNodeRemoved()
    {
        assignThreeMasters();
        table.setMigrating(1, B);
        table.setImporting(2, B);
        table.setMigrating(3, C);

        assertEquals(5462, table.remove(B));

        assertEquals(HashSlot.SLOT_COUNT - 5462, table.countAssigned());
        assertNull(table.owner(6000));
        assertFalse(table.isMigrating(1));
        assertFalse(table.isImporting(2));
        assertEquals(C, table.migratingTo(3));
    }

    @Test
    void shouldForgetEverythingWhenCleared()
    {
        assignThreeMasters();
        table.setMigrating(1, B);
        table.setImporting(2, C);

        table.clear();

        assertEquals(0, table.countAssigned());
        assertNull(table.owner(1));
        assertFalse(table.isMigrating(1));
        assertFalse(table.isImporting(2));
    }

    @Test
    void shouldListOnlySlotsInTransitionWhenMigrationsStartAndEnd()
    {
        assignThreeMasters();
        table.setMigrating(7, B);
        table.setImporting(9000, C);
        table.setMigrating(16383, A);
        table.setImporting(16383, B);

        assertEquals(7, table.nextTransitionSlot(0));
        assertEquals(9000, table.nextTransitionSlot(8));
        assertEquals(16383, table.nextTransitionSlot(9001));

        table.setMigrating(7, null);
        table.setImporting(9000, null);
        table.setMigrating(16383, null);
        assertEquals(16383, table.nextTransitionSlot(0));
        table.setStable(16383);
        assertEquals(-1, table.nextTransitionSlot(0));

        table.setMigrating(100, C);
        table.remove(C);
        assertEquals(-1, table.nextTransitionSlot(0));
        table.setImporting(200, A);
        table.clear();
        assertEquals(-1, table.nextTransitionSlot(0));
        assertEquals(-1, table.nextTransitionSlot(HashSlot.SLOT_COUNT));
    }

    @Test
    void shouldRejectSlotOrNodeWhenInvalid()
    {
        assertThrows(IllegalArgumentException.class, () -> table.owner(16384));
        assertThrows(IllegalArgumentException.class, () -> table.isMigrating(-1));
        assertThrows(IllegalArgumentException.class, () -> table.assign(16384, A));
        assertThrows(NullPointerException.class, () -> table.assign(0, null));
        assertEquals(0, table.countAssigned());
    }
}
