package io.krill.core.command;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What INFO reports about the process and the machine: resident memory, CPU time, total memory, the OS and the
 * I/O multiplexer. Read from {@code /proc} on Linux, from the JVM's management beans elsewhere.
 * <p>
 * Each call measures afresh; INFO is not a hot path. Thread safe: stateless.
 */
final class ProcessStats
{
    /** Linux's USER_HZ, the unit of the CPU times in {@code /proc/self/stat}; 100 on every mainstream build. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    private static final int PAGE_BYTES = 4096;
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATM = Path.of("/proc/self/statm");

    private ProcessStats()
    {
    }

    /** Resident set size of the process, or the JVM's committed heap where /proc is missing. */
    static long residentBytes()
    {
        try
        {
            final String[] fields = Files.readString(STATM, StandardCharsets.US_ASCII).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE_BYTES;
        }
        catch (final IOException | RuntimeException ex)
        {
            return Runtime.getRuntime().totalMemory();
        }
    }

    /** User and system CPU time of the whole process in microseconds: {@code [user, system]}. */
    static long[] processCpuMicros()
    {
        try
        {
            final String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            final long userTicks = Long.parseLong(fields[11]);
            final long systemTicks = Long.parseLong(fields[12]);
            final long microsPerTick = 1_000_000L / CLOCK_TICKS_PER_SECOND;
            return new long[] {userTicks * microsPerTick, systemTicks * microsPerTick};
        }
        catch (final IOException | RuntimeException ex)
        {
            final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean)
            {
                return new long[] {((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime() / 1000, 0};
            }
            return new long[] {0, 0};
        }
    }

    /**
     * User and system CPU time of the calling thread in microseconds. INFO runs on the node's agent thread,
     * which is what Redis calls its main thread.
     */
    static long[] currentThreadCpuMicros()
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported())
        {
            return new long[] {0, 0};
        }
        final long totalNs = threads.getCurrentThreadCpuTime();
        final long userNs = threads.getCurrentThreadUserTime();
        return new long[] {userNs / 1000, Math.max(0, totalNs - userNs) / 1000};
    }

    static long totalSystemMemoryBytes()
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getTotalMemorySize();
        }
        return 0;
    }

    /** As {@code uname -s -r -m} prints it ("Linux 6.1.0 x86_64"). */
    static String os()
    {
        final String arch = System.getProperty("os.arch", "");
        final String machine = "amd64".equals(arch) ? "x86_64" : arch;
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + machine;
    }

    static int archBits()
    {
        return "32".equals(System.getProperty("sun.arch.data.model")) ? 32 : 64;
    }

    /** The readiness API under Java NIO's selector: epoll on Linux, kqueue on BSD and macOS. */
    static String multiplexingApi()
    {
        final String provider = SelectorProvider.provider().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        if (provider.contains("epoll"))
        {
            return "epoll";
        }
        if (provider.contains("kqueue"))
        {
            return "kqueue";
        }
        return provider.contains("poll") ? "poll" : "select";
    }

    static long pid()
    {
        return ProcessHandle.current().pid();
    }

    /** The absolute path of the program running this process (the {@code java} launcher). */
    static String executable()
    {
        return ProcessHandle.current().info().command().orElse("");
    }
}
