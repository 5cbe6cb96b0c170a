package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;

/**
 * Runs one command. Arity was checked before the call; the handler validates the rest, and either writes exactly
 * one reply to {@code out} or throws {@link io.krill.core.resp.CommandException} before changing anything.
 * Implementations are method references bound once at start-up, so dispatch allocates nothing.
 */
@FunctionalInterface
public interface CommandHandler
{
    void execute(Client client, CommandArgs args, RespEncoder out);
}
