package io.krill.core.config;

import java.util.List;
import java.util.Locale;

/**
 * Applies config-file text, line by line, to an array of values, failing on the first bad line with Redis's
 * report (line number, the line, the reason).
 * <p>
 * Rules Redis follows and clients or scripts rely on: lines are trimmed; empty lines and lines starting with
 * {@code #} are skipped; the directive name is case-insensitive; a single-value option needs exactly one value
 * ("wrong number of arguments"); a multi-word option given one non-empty quoted word splits it
 * ({@code save "900 1 300 10"}); a later line overrides an earlier one, except {@code save}, whose lines add up
 * after the first replaces the default.
 */
final class ConfigLoader
{
    private final Object[] values;
    private boolean saveSeen;

    /** @param values the values to update in place, starting from the defaults. */
    ConfigLoader(final Object[] values)
    {
        this.values = values;
    }

    /** @param text config text in byte-string form (see {@link ConfigLine}). */
    void load(final String text) throws ConfigException
    {
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#')
            {
                continue;
            }
            final List<String> words = ConfigLine.split(line);
            if (words == null)
            {
                throw error(i, line, "Unbalanced quotes in configuration line");
            }
            if (!words.isEmpty())
            {
                apply(i, line, words);
            }
        }
    }

    private void apply(final int lineIndex, final String line, final List<String> words) throws ConfigException
    {
        final String name = words.get(0).toLowerCase(Locale.ROOT);
        final ConfigOption option = OptionTable.lookup(name);
        if (option == null)
        {
            if (OptionTable.isDeprecated(name) && words.size() == 2)
            {
                return;
            }
            final String unsupported = OptionTable.unsupportedReason(name);
            throw error(lineIndex, line,
                unsupported != null ? unsupported : "Bad directive or wrong number of arguments");
        }
        final boolean multiArg = option.type().multiArg();
        if (!multiArg && words.size() != 2)
        {
            throw error(lineIndex, line, "wrong number of arguments");
        }
        List<String> argWords = words.subList(1, words.size());
        if (multiArg && words.size() == 2 && !words.get(1).isEmpty())
        {
            argWords = ConfigLine.split(words.get(1));
            if (argWords == null)
            {
                throw error(lineIndex, line, "Unbalanced quotes in configuration line");
            }
        }
        final String[] args = new String[argWords.size()];
        for (int i = 0; i < args.length; i++)
        {
            args[i] = LaunchArguments.text(argWords.get(i));
        }
        final Object value;
        try
        {
            value = option.parse(args, values);
        }
        catch (final InvalidValueException ex)
        {
            throw error(lineIndex, line, ex.getMessage());
        }
        store(option, args, value);
    }

    private void store(final ConfigOption option, final String[] args, final Object value)
    {
        if (option == OptionTable.SAVE)
        {
            final boolean reset = args.length == 1 && args[0].isEmpty();
            final boolean append = saveSeen && !reset;
            saveSeen = true;
            values[option.index()] = append ? SaveType.append(values[option.index()], value) : value;
            return;
        }
        values[option.index()] = value;
    }

    private static ConfigException error(final int lineIndex, final String line, final String reason)
    {
        return new ConfigException(lineIndex + 1, LaunchArguments.text(line), reason);
    }

    /** Trims what Redis trims from each line: spaces, tabs, CR and LF. */
    private static String trim(final String line)
    {
        int start = 0;
        int end = line.length();
        while (start < end && isTrimmed(line.charAt(start)))
        {
            start++;
        }
        while (end > start && isTrimmed(line.charAt(end - 1)))
        {
            end--;
        }
        return line.substring(start, end);
    }

    private static boolean isTrimmed(final char c)
    {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
