package io.krill.slots;

import java.util.Arrays;
import java.util.Objects;

/**
 * For each of the 16384 slots: its owner, and the node it is migrating to or importing from (the
 * {@code CLUSTER SETSLOT MIGRATING / IMPORTING} states), each {@code null} when absent.
 * <p>
 * Nodes are compared with {@link Object#equals(Object)}; the table only holds references and knows nothing
 * else about them. The three states are independent: assigning or unassigning a slot leaves its migrating and
 * importing states alone, because which command clears which state is the command handler's rule, not the
 * table's.
 * <p>
 * Not thread-safe. Lookups and updates allocate nothing; only {@link #slotsOf(Object)} does.
 *
 * @param <N> the node type.
 */
public final class SlotTable<N>
{
    private final Object[] owners = new Object[HashSlot.SLOT_COUNT];
    private final Object[] migratingTo = new Object[HashSlot.SLOT_COUNT];
    private final Object[] importingFrom = new Object[HashSlot.SLOT_COUNT];
    /** Slots migrating or importing, so listing them (nodes.conf, CLUSTER NODES) skips the idle 16384. */
    private final SlotSet inTransition = new SlotSet();
    private int assignedCount;

    /**
     * Makes {@code node} the owner of {@code slot}, replacing any previous owner.
     *
     * @return the previous owner, or {@code null} if the slot was unassigned.
     */
    public N assign(final int slot, final N node)
    {
        Objects.requireNonNull(node, "node");
        final N previous = owner(slot);
        if (previous == null)
        {
            assignedCount++;
        }
        owners[slot] = node;
        return previous;
    }

    /**
     * Makes {@code node} the owner of every slot in {@code range}.
     */
    public void assign(final SlotRange range, final N node)
    {
        for (int slot = range.start(); slot <= range.end(); slot++)
        {
            assign(slot, node);
        }
    }

    /**
     * Leaves {@code slot} without an owner.
     *
     * @return the previous owner, or {@code null} if it had none.
     */
    public N unassign(final int slot)
    {
        final N previous = owner(slot);
        if (previous != null)
        {
            assignedCount--;
            owners[slot] = null;
        }
        return previous;
    }

    /**
     * @return the owner of {@code slot}, or {@code null} if unassigned.
     */
    @SuppressWarnings("unchecked")
    public N owner(final int slot)
    {
        return (N)owners[SlotRange.checkSlot(slot)];
    }

    /**
     * Number of slots that have an owner; the cluster covers every slot when this is {@code SLOT_COUNT}.
     */
    public int countAssigned()
    {
        return assignedCount;
    }

    /**
     * Number of slots owned by {@code node}.
     */
    public int countOf(final N node)
    {
        int count = 0;
        for (final Object owner : owners)
        {
            if (node.equals(owner))
            {
                count++;
            }
        }
        return count;
    }

    /**
     * A new set of the slots owned by {@code node}.
     */
    public SlotSet slotsOf(final N node)
    {
        return slotsOf(node, new SlotSet());
    }

    /**
     * Replaces the contents of {@code into} with the slots owned by {@code node}, without allocating.
     *
     * @return {@code into}.
     */
    public SlotSet slotsOf(final N node, final SlotSet into)
    {
        Objects.requireNonNull(node, "node");
        into.clearAll();
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            if (node.equals(owners[slot]))
            {
                into.set(slot);
            }
        }
        return into;
    }

    /**
     * Marks {@code slot} as migrating to {@code target}; {@code null} ends the migration.
     */
    public void setMigrating(final int slot, final N target)
    {
        migratingTo[SlotRange.checkSlot(slot)] = target;
        updateTransition(slot);
    }

    /**
     * Marks {@code slot} as importing from {@code source}; {@code null} ends the import.
     */
    public void setImporting(final int slot, final N source)
    {
        importingFrom[SlotRange.checkSlot(slot)] = source;
        updateTransition(slot);
    }

    /**
     * Ends both the migration and the import of {@code slot} ({@code CLUSTER SETSLOT <slot> STABLE}).
     */
    public void setStable(final int slot)
    {
        migratingTo[SlotRange.checkSlot(slot)] = null;
        importingFrom[slot] = null;
        inTransition.clear(slot);
    }

    /**
     * The first slot at or after {@code from} that is migrating or importing, or -1 when there is none.
     */
    public int nextTransitionSlot(final int from)
    {
        return inTransition.nextSetBit(from);
    }

    private void updateTransition(final int slot)
    {
        if (migratingTo[slot] != null || importingFrom[slot] != null)
        {
            inTransition.set(slot);
        }
        else
        {
            inTransition.clear(slot);
        }
    }

    /**
     * @return the node {@code slot} is migrating to, or {@code null}.
     */
    @SuppressWarnings("unchecked")
    public N migratingTo(final int slot)
    {
        return (N)migratingTo[SlotRange.checkSlot(slot)];
    }

    /**
     * @return the node {@code slot} is importing from, or {@code null}.
     */
    @SuppressWarnings("unchecked")
    public N importingFrom(final int slot)
    {
        return (N)importingFrom[SlotRange.checkSlot(slot)];
    }

    public boolean isMigrating(final int slot)
    {
        return migratingTo[SlotRange.checkSlot(slot)] != null;
    }

    public boolean isImporting(final int slot)
    {
        return importingFrom[SlotRange.checkSlot(slot)] != null;
    }

    /**
     * Removes {@code node} everywhere: the slots it owns become unassigned, and migrations to it and imports
     * from it end (what forgetting a node does to the slot table).
     *
     * @return the number of slots it owned.
     */
    public int remove(final N node)
    {
        Objects.requireNonNull(node, "node");
        int owned = 0;
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            if (node.equals(owners[slot]))
            {
                owners[slot] = null;
                owned++;
            }
            if (node.equals(migratingTo[slot]))
            {
                migratingTo[slot] = null;
            }
            if (node.equals(importingFrom[slot]))
            {
                importingFrom[slot] = null;
            }
            updateTransition(slot);
        }
        assignedCount -= owned;
        return owned;
    }

    /**
     * Forgets every owner, migration and import.
     */
    public void clear()
    {
        Arrays.fill(owners, null);
        Arrays.fill(migratingTo, null);
        Arrays.fill(importingFrom, null);
        inTransition.clearAll();
        assignedCount = 0;
    }
}
