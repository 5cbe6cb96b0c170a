package io.krill.replication;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: replication ids, offsets and the PSYNC decision follow Redis 7.0 (masterTryPartialResynchronization,
 * shiftReplicationId, digest 9): no offset without a backlog, a new id with the first backlog, CONTINUE only for
 * our id (or replid2 up to second_replid_offset) within the backlog window.
 * Method: drive a ReplicationLog with a deterministic random source and check ids, offsets and decisions.
 */
class ReplicationLogTest
{
    private static final byte[] TEN = new byte[10];

    @Test
    void shouldDrawHexIdsFromInjectedRandomness()
    {
        final String a = ReplicationId.random(new ReplicaSyncFixtureTest.SeqRandom());
        final String b = ReplicationId.random(new ReplicaSyncFixtureTest.SeqRandom());
        assertEquals(a, b);
        assertTrue(ReplicationId.isValid(a), a);
        assertTrue(a.matches("[0-9a-f]{40}"), a);
    }

    @Test
    void shouldNotCountOffsetWhenNoBacklog()
    {
        final ReplicationLog log = new ReplicationLog(new ReplicaSyncFixtureTest.SeqRandom(), 64);
        log.feed(TEN, 0, 10);
        assertEquals(0, log.offset());
        assertNull(log.backlog());
        assertEquals(PsyncDecision.FULL_RESYNC, log.decide(log.replid(), 1));
    }

    @Test
    void shouldChangeIdWhenFirstBacklogIsCreated()
    {
        final ReplicationLog log = new ReplicationLog(new ReplicaSyncFixtureTest.SeqRandom(), 64);
        final String before = log.replid();
        assertTrue(log.createBacklogForFirstReplica());
        assertNotEquals(before, log.replid());
        assertEquals(ReplicationId.NONE, log.replid2());
        final String id = log.replid();
        assertTrue(!log.createBacklogForFirstReplica() && id.equals(log.replid()));
    }

    @Test
    void shouldContinueWhenOffsetInsideBacklog()
    {
        final ReplicationLog log = new ReplicationLog(new ReplicaSyncFixtureTest.SeqRandom(), 64);
        log.createBacklogForFirstReplica();
        for (int i = 0; i < 10; i++)
        {
            log.feed(TEN, 0, 10);
        }
        assertEquals(100, log.offset());
        assertEquals(PsyncDecision.CONTINUE, log.decide(log.replid(), 101));
        assertEquals(PsyncDecision.CONTINUE, log.decide(log.replid().toUpperCase(), 37));
        assertEquals(PsyncDecision.FULL_RESYNC, log.decide(log.replid(), 36));
        assertEquals(PsyncDecision.FULL_RESYNC, log.decide(log.replid(), 102));
        assertEquals(PsyncDecision.FULL_RESYNC, log.decide("?", -1));
        assertEquals(PsyncDecision.FULL_RESYNC, log.decide(ReplicationId.NONE, 101));
    }

    @Test
    void shouldAcceptOldIdUpToSecondOffsetWhenPromoted()
    {
        final ReplicationLog log = new ReplicationLog(new ReplicaSyncFixtureTest.SeqRandom(), 1024);
        log.resetTo("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", 500);
        log.feed(TEN, 0, 10);
        log.shiftReplicationId();
        assertEquals("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", log.replid2());
        assertEquals(511, log.secondReplidOffset());
        assertNotEquals(log.replid2(), log.replid());
        log.feed(TEN, 0, 10);
        // a sibling replica at the old master's offset continues with the new id
        assertEquals(PsyncDecision.CONTINUE, log.decide(log.replid2(), 511));
        assertEquals(PsyncDecision.CONTINUE, log.decide(log.replid2(), 505));
        // one that claims to have seen more of the old history than we did cannot
        assertEquals(PsyncDecision.FULL_RESYNC, log.decide(log.replid2(), 512));
        assertEquals(PsyncDecision.CONTINUE, log.decide(log.replid(), 521));
    }

    @Test
    void shouldAdoptNewIdWhenContinuingWithPromotedMaster()
    {
        final ReplicationLog log = new ReplicationLog(new ReplicaSyncFixtureTest.SeqRandom(), 1024);
        log.resetTo("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", 500);
        log.continueWith("707063e9ea425d44f36e78b27c517844deb72fc9");
        assertEquals("707063e9ea425d44f36e78b27c517844deb72fc9", log.replid());
        assertEquals("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", log.replid2());
        assertEquals(501, log.secondReplidOffset());
        assertEquals(500, log.offset());
    }
}
