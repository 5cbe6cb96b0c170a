package io.krill.core.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns {@code redis-server}-style arguments into config-file text, the way redis-server does, so that error
 * line numbers and the echoed line match Redis's.
 * <p>
 * BEHAVIOR: an optional first argument not starting with {@code -} names a config file. {@code -} as the first
 * or last argument reads the config from standard input. Every {@code --name} starts a new line holding
 * {@code name}; the following arguments are appended, each quoted with {@link ConfigLine#repr}, until the next
 * {@code --name}, so {@code --save 900 1 300 10} is one directive. An argument right after a bare
 * {@code --name} is a value even if it starts with {@code --} ({@code --requirepass --x} sets the password to
 * {@code --x}), except that {@code --save} followed by another option, or last, means {@code save ""}. An
 * argument of the form {@code "--port 6380"} carries name and value in one word. The file's text comes first,
 * then a newline, then the options, so the first option of a command line without a file is at line 2.
 */
final class LaunchArguments
{
    /** The config file named on the command line, or null. */
    final String configFile;
    /** Whether to read config text from standard input after the file. */
    final boolean fromStdin;
    /** The options as config text, in byte-string form (see {@link ConfigLine}). */
    final String optionsText;

    private LaunchArguments(final String configFile, final boolean fromStdin, final String optionsText)
    {
        this.configFile = configFile;
        this.fromStdin = fromStdin;
        this.optionsText = optionsText;
    }

    static LaunchArguments of(final String... args)
    {
        String configFile = null;
        boolean fromStdin = false;
        final StringBuilder options = new StringBuilder();
        int j = 0;
        if (args.length > 0 && !args[0].startsWith("-"))
        {
            configFile = args[0];
            j = 1;
        }
        boolean lastHasValue = true;
        for (; j < args.length; j++)
        {
            final String arg = args[j];
            if (arg.equals("-") && (j == 0 || j == args.length - 1))
            {
                fromStdin = true;
            }
            else if (lastHasValue && arg.startsWith("--"))
            {
                if (options.length() > 0)
                {
                    options.append('\n');
                }
                options.append(bytes(arg.substring(2))).append(' ');
                final List<String> words = ConfigLine.split(bytes(arg));
                lastHasValue = words == null || words.size() != 1;
                if (!lastHasValue && arg.equalsIgnoreCase("--save")
                    && (j == args.length - 1 || args[j + 1].startsWith("--")))
                {
                    // Scripts that build "--save $points" from an empty list produce "--save --next".
                    options.append("\"\"");
                    lastHasValue = true;
                }
            }
            else
            {
                ConfigLine.repr(bytes(arg), options);
                options.append(' ');
                lastHasValue = true;
            }
        }
        return new LaunchArguments(configFile, fromStdin, options.toString());
    }

    /** The UTF-8 bytes of {@code text} as a byte string. */
    static String bytes(final String text)
    {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The text a byte string holds, decoded as UTF-8. */
    static String text(final String bytes)
    {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
