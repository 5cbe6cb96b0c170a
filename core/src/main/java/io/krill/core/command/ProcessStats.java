package io.krill.core.command;

import java.io.FileInputStream;
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
 * I/O multiplexer.
 * <p>
 * BACKGROUND: INFO runs on the node's agent thread, so it must not stall: the JVM's management beans cost
 * 150-300 ms to load on first use (JMX), and so do {@code ProcessHandle.Info} and {@code String.format}. On Linux
 * every figure is read from {@code /proc} instead, with plain stream reads (about 30 us each, where
 * {@code Files.readString} takes 150 us on these files); the beans remain the fallback elsewhere. Facts that never
 * change (total memory, OS, executable) are read once, when INFO is registered at node start.
 * Thread safe: stateless apart from constants.
 */
final class ProcessStats
{
    /** Linux's USER_HZ, the unit of the CPU times in {@code /proc/.../stat}; 100 on every mainstream build. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    private static final long MICROS_PER_TICK = 1_000_000L / CLOCK_TICKS_PER_SECOND;
    private static final int PAGE_BYTES = 4096;
    private static final int PROC_READ_BYTES = 4096;
    private static final String PROCESS_STAT = "/proc/self/stat";
    private static final String THREAD_STAT = "/proc/thread-self/stat";
    private static final String STATM = "/proc/self/statm";
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path EXE = Path.of("/proc/self/exe");

    static final String OS = os();
    static final int ARCH_BITS = "32".equals(System.getProperty("sun.arch.data.model")) ? 32 : 64;
    static final String MULTIPLEXING_API = multiplexingApi();
    static final long PID = ProcessHandle.current().pid();
    static final String EXECUTABLE = executable();
    static final long TOTAL_SYSTEM_MEMORY_BYTES = totalSystemMemoryBytes();

    private ProcessStats()
    {
    }

    /** Resident set size of the process, or the JVM's committed heap where /proc is missing. */
    static long residentBytes()
    {
        try
        {
            final String[] fields = readProc(STATM).trim().split(" ");
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
        final long[] times = procCpuMicros(PROCESS_STAT);
        if (times != null)
        {
            return times;
        }
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return new long[] {((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime() / 1000, 0};
        }
        return new long[] {0, 0};
    }

    /**
     * User and system CPU time of the calling thread in microseconds. INFO runs on the node's agent thread,
     * which is what Redis calls its main thread.
     */
    static long[] currentThreadCpuMicros()
    {
        final long[] times = procCpuMicros(THREAD_STAT);
        if (times != null)
        {
            return times;
        }
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported())
        {
            return new long[] {0, 0};
        }
        final long totalNs = threads.getCurrentThreadCpuTime();
        final long userNs = threads.getCurrentThreadUserTime();
        return new long[] {userNs / 1000, Math.max(0, totalNs - userNs) / 1000};
    }

    /** utime and stime of a {@code /proc/.../stat} file, or null where there is none. */
    private static long[] procCpuMicros(final String stat)
    {
        try
        {
            final String text = readProc(stat);
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            final String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            final long userTicks = Long.parseLong(fields[11]);
            final long systemTicks = Long.parseLong(fields[12]);
            return new long[] {userTicks * MICROS_PER_TICK, systemTicks * MICROS_PER_TICK};
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /** The start of a small {@code /proc} file; these files report no size, so read what one call returns. */
    private static String readProc(final String path) throws IOException
    {
        try (FileInputStream in = new FileInputStream(path))
        {
            final byte[] buffer = new byte[PROC_READ_BYTES];
            final int length = in.read(buffer);
            return new String(buffer, 0, Math.max(0, length), StandardCharsets.US_ASCII);
        }
    }

    private static long totalSystemMemoryBytes()
    {
        try
        {
            for (final String line : Files.readAllLines(MEMINFO, StandardCharsets.US_ASCII))
            {
                if (line.startsWith("MemTotal:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // no /proc: ask the JVM below
        }
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getTotalMemorySize();
        }
        return 0;
    }

    /** As {@code uname -s -r -m} prints it ("Linux 6.1.0 x86_64"). */
    private static String os()
    {
        final String arch = System.getProperty("os.arch", "");
        final String machine = "amd64".equals(arch) ? "x86_64" : arch;
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + machine;
    }

    /** The readiness API under Java NIO's selector: epoll on Linux, kqueue on BSD and macOS. */
    private static String multiplexingApi()
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

    /** The absolute path of the program running this process (the {@code java} launcher). */
    private static String executable()
    {
        try
        {
            return Files.readSymbolicLink(EXE).toString();
        }
        catch (final IOException | RuntimeException ex)
        {
            return ProcessHandle.current().info().command().orElse("");
        }
    }
}
