package io.krill.gossip;

/**
 * Work deferred to the end of the current input, like Redis's clusterDoBeforeSleep flags: many rules may ask
 * for a state evaluation or a config save while one packet is processed, and doing each once at the end is
 * both cheaper and what Redis does (digest 8.4, 10.2).
 */
final class PendingWork
{
    boolean updateState;
    boolean saveConfig;
    boolean fsyncConfig;
    /** An election may progress now (a vote arrived, a manual failover may start): Redis's HANDLE_FAILOVER. */
    boolean handleFailover;

    void updateState()
    {
        updateState = true;
    }

    void save()
    {
        saveConfig = true;
    }

    void saveAndFsync()
    {
        saveConfig = true;
        fsyncConfig = true;
    }

    void handleFailover()
    {
        handleFailover = true;
    }

    void clear()
    {
        handleFailover = false;
        updateState = false;
        saveConfig = false;
        fsyncConfig = false;
    }
}
