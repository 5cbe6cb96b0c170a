package io.krill.core.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The working directory ({@code dir}).
 * <p>
 * BACKGROUND: Redis {@code chdir}s into it, so a relative {@code dir} is relative to the previous one and every
 * relative file name (nodes.conf, the AOF, the log file) is relative to it; CONFIG GET prints {@code getcwd()}.
 * A JVM cannot change its working directory, so Krill stores the canonical absolute path and resolves file names
 * against it ({@link ServerConfig#resolve}). The directory must exist when set, as {@code chdir} requires;
 * the errors are the {@code strerror} texts Redis prints.
 */
final class DirType extends OptionType
{
    static final DirType INSTANCE = new DirType();

    private DirType()
    {
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        final Object base = current == null ? null : current[OptionTable.DIR.index()];
        final Path from = base == null ? Paths.get("").toAbsolutePath() : Paths.get((String)base);
        final Path path;
        try
        {
            path = from.resolve(args[0]);
        }
        catch (final RuntimeException ex)
        {
            throw new InvalidValueException("No such file or directory");
        }
        if (args[0].isEmpty())
        {
            throw new InvalidValueException("No such file or directory");
        }
        try
        {
            final Path real = path.toRealPath();
            if (!Files.isDirectory(real))
            {
                throw new InvalidValueException("Not a directory");
            }
            return real.toString();
        }
        catch (final NoSuchFileException ex)
        {
            throw new InvalidValueException("No such file or directory");
        }
        catch (final AccessDeniedException ex)
        {
            throw new InvalidValueException("Permission denied");
        }
        catch (final IOException ex)
        {
            throw new InvalidValueException(ex.getMessage());
        }
    }

    @Override
    String format(final Object value)
    {
        return (String)value;
    }
}
