package io.krill.core.config;

/**
 * Puts a changed option into effect when CONFIG SET changes it (rebind the port, resize the backlog...), and may
 * refuse, which rolls the whole CONFIG SET back.
 * <p>
 * Called on the thread that called {@link ServerConfig#set}, after the new values are visible through the
 * getters; at most once per CONFIG SET even if registered for several of the options it changes.
 */
@FunctionalInterface
public interface ConfigApplier
{
    /**
     * @return null on success, or why the change cannot take effect, in Redis's words where they exist
     * (for example "Unable to listen on this port"); the error reply names the option.
     */
    String apply();
}
