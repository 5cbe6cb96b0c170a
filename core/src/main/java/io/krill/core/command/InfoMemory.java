package io.krill.core.command;

/**
 * INFO's memory section, with Krill's figures mapped onto Redis's fields.
 * <p>
 * Krill's data lives on the JVM heap, so {@code used_memory} is the heap in use, the "allocator" is the JVM heap
 * ({@code allocator_active} = committed heap, {@code allocator_resident} = the process's resident set) and
 * {@code used_memory_overhead} is the heap in use at start-up plus the connections' buffers. Ratios and
 * {@code _human} forms are derived from these as Redis derives them. Lua, functions, replication buffers and
 * the AOF do not exist in Krill and show zero.
 */
final class InfoMemory
{
    private InfoMemory()
    {
    }

    static void append(final StringBuilder text, final NodeState node)
    {
        final long used = NodeState.usedMemoryBytes();
        final long peak = node.peakMemoryBytes(used);
        final long rss = ProcessStats.residentBytes();
        final long active = Runtime.getRuntime().totalMemory();
        final long startup = node.startupMemoryBytes();
        long clientBuffers = 0;
        for (final Client client : node.clientsById())
        {
            clientBuffers += client.queryBufferCapacityBytes() + client.out().buffer().length;
        }
        final long overhead = startup + clientBuffers;
        final long dataset = Math.max(0, used - overhead);
        final long maxmemory = node.config().maxmemoryBytes();

        bytes(text, "used_memory", used);
        InfoCommand.field(text, "used_memory_rss", rss);
        InfoCommand.field(text, "used_memory_rss_human", human(rss));
        bytes(text, "used_memory_peak", peak);
        InfoCommand.field(text, "used_memory_peak_perc", percent(used, peak));
        InfoCommand.field(text, "used_memory_overhead", overhead);
        InfoCommand.field(text, "used_memory_startup", startup);
        InfoCommand.field(text, "used_memory_dataset", dataset);
        InfoCommand.field(text, "used_memory_dataset_perc", percent(dataset, Math.max(0, used - startup)));
        InfoCommand.field(text, "allocator_allocated", used);
        InfoCommand.field(text, "allocator_active", active);
        InfoCommand.field(text, "allocator_resident", rss);
        final long system = ProcessStats.TOTAL_SYSTEM_MEMORY_BYTES;
        InfoCommand.field(text, "total_system_memory", system);
        InfoCommand.field(text, "total_system_memory_human", human(system));
        scriptingFields(text);
        bytes(text, "maxmemory", maxmemory);
        InfoCommand.field(text, "maxmemory_policy", node.config().maxmemoryPolicy());
        InfoCommand.field(text, "allocator_frag_ratio", ratio(active, used));
        InfoCommand.field(text, "allocator_frag_bytes", active - used);
        InfoCommand.field(text, "allocator_rss_ratio", ratio(rss, active));
        InfoCommand.field(text, "allocator_rss_bytes", rss - active);
        InfoCommand.field(text, "rss_overhead_ratio", "1.00");
        InfoCommand.field(text, "rss_overhead_bytes", 0);
        InfoCommand.field(text, "mem_fragmentation_ratio", ratio(rss, used));
        InfoCommand.field(text, "mem_fragmentation_bytes", rss - used);
        InfoCommand.field(text, "mem_not_counted_for_evict", 0);
        InfoCommand.field(text, "mem_replication_backlog", 0);
        InfoCommand.field(text, "mem_total_replication_buffers", 0);
        InfoCommand.field(text, "mem_clients_slaves", 0);
        InfoCommand.field(text, "mem_clients_normal", clientBuffers);
        InfoCommand.field(text, "mem_cluster_links", 0);
        InfoCommand.field(text, "mem_aof_buffer", 0);
        InfoCommand.field(text, "mem_allocator", "jvm-" + Runtime.version().feature());
        InfoCommand.field(text, "active_defrag_running", 0);
        InfoCommand.field(text, "lazyfree_pending_objects", 0);
        InfoCommand.field(text, "lazyfreed_objects", 0);
    }

    /** Krill runs no scripts or functions: the fields between total_system_memory and maxmemory are zero. */
    private static void scriptingFields(final StringBuilder text)
    {
        InfoCommand.field(text, "used_memory_lua", 0);
        InfoCommand.field(text, "used_memory_vm_eval", 0);
        InfoCommand.field(text, "used_memory_lua_human", human(0));
        InfoCommand.field(text, "used_memory_scripts_eval", 0);
        InfoCommand.field(text, "number_of_cached_scripts", 0);
        InfoCommand.field(text, "number_of_functions", 0);
        InfoCommand.field(text, "number_of_libraries", 0);
        InfoCommand.field(text, "used_memory_vm_functions", 0);
        bytes(text, "used_memory_vm_total", 0);
        InfoCommand.field(text, "used_memory_functions", 0);
        bytes(text, "used_memory_scripts", 0);
    }

    /** A byte count and its {@code _human} twin. */
    private static void bytes(final StringBuilder text, final String name, final long value)
    {
        InfoCommand.field(text, name, value);
        InfoCommand.field(text, name + "_human", human(value));
    }

    /** Redis's human form: bytes below 1 KiB, then two decimals with K, M, G, T, P (powers of 1024). */
    static String human(final long bytes)
    {
        final String units = "KMGTP";
        if (bytes < 1024)
        {
            return bytes + "B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length() - 1)
        {
            value /= 1024;
            unit++;
        }
        return Decimals.fixed(value, 2) + units.charAt(unit);
    }

    private static String percent(final long part, final long whole)
    {
        return Decimals.fixed(whole == 0 ? 0.0 : part * 100.0 / whole, 2) + "%";
    }

    private static String ratio(final long numerator, final long denominator)
    {
        return InfoCommand.twoDecimals(denominator == 0 ? 0.0 : (double)numerator / denominator);
    }
}
