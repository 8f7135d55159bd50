import { describe, expect, it } from 'vitest';
import {
  coverGaps,
  describeConnection,
  initialListSync,
  isListFresh,
  openGap,
  type ConnectionFacts,
} from './connectionStatus.ts';

const live: ConnectionFacts = {
  online: true,
  socket: 'connected',
  imap: 'live',
  retryAt: null,
  outdated: false,
  listFresh: true,
};
const now = 1_000_000;

describe('describeConnection', () => {
  it('is Live only while the socket is connected and IMAP is idling', () => {
    expect(describeConnection(live, now)).toMatchObject({ tone: 'live', text: 'Live' });
    expect(describeConnection({ ...live, imap: 'connecting' }, now).text).toBe('Reconnecting…');
    expect(describeConnection({ ...live, imap: null }, now).text).toBe('Reconnecting…');
    expect(describeConnection({ ...live, socket: 'disconnected' }, now).text).toBe('Reconnecting…');
    expect(describeConnection({ ...live, socket: 'connecting' }, now).tone).toBe('pending');
  });

  it('is not Live while the list is still catching up after a gap', () => {
    const catchingUp = describeConnection({ ...live, listFresh: false }, now);
    expect(catchingUp.tone).toBe('pending');
    expect(catchingUp.text).toMatch(/^Reconnecting/);
  });

  it('keeps the IMAP countdown while the list is catching up', () => {
    const facts: ConnectionFacts = {
      ...live,
      imap: 'reconnecting',
      retryAt: now + 3_000,
      listFresh: false,
    };
    expect(describeConnection(facts, now).text).toBe('Reconnecting… retrying in 3s');
  });

  it('counts down to the next IMAP attempt', () => {
    const facts: ConnectionFacts = { ...live, imap: 'reconnecting', retryAt: now + 4_200 };
    expect(describeConnection(facts, now).text).toBe('Reconnecting… retrying in 5s');
    expect(describeConnection(facts, now + 5_000).text).toBe('Reconnecting…');
  });

  it('ignores a retry time while the socket itself is down', () => {
    const facts: ConnectionFacts = {
      ...live,
      socket: 'disconnected',
      imap: 'reconnecting',
      retryAt: now + 9_000,
    };
    expect(describeConnection(facts, now).text).toBe('Reconnecting…');
  });

  it('says Offline when the gateway refused this version of the app', () => {
    const facts: ConnectionFacts = { ...live, socket: 'disconnected', imap: null, outdated: true };
    expect(describeConnection(facts, now)).toMatchObject({ tone: 'offline' });
    expect(describeConnection(facts, now).text).toMatch(/^Offline/);
  });

  it('says Offline when the browser is offline, whatever else', () => {
    expect(describeConnection({ ...live, online: false }, now)).toMatchObject({
      tone: 'offline',
      text: 'Offline',
    });
  });
});

describe('list freshness', () => {
  it('starts fresh, and a gap makes it stale until a re-open sent after it answers', () => {
    expect(isListFresh(initialListSync)).toBe(true);
    const connected = openGap(initialListSync);
    expect(isListFresh(connected)).toBe(false);
    expect(isListFresh(coverGaps(connected, connected.gaps))).toBe(true);
  });

  it('does not count an answer to a re-open sent before the latest gap', () => {
    const reconnected = openGap(initialListSync);
    const sentAt = reconnected.gaps;
    // account:resync arrives while that re-open is still out.
    const resynced = openGap(reconnected);
    const answered = coverGaps(resynced, sentAt);
    expect(isListFresh(answered)).toBe(false);
    expect(isListFresh(coverGaps(answered, resynced.gaps))).toBe(true);
  });

  it('never moves backwards when answers arrive out of order', () => {
    const sync = openGap(openGap(initialListSync));
    const covered = coverGaps(sync, 2);
    expect(coverGaps(covered, 1)).toBe(covered);
    expect(isListFresh(coverGaps(covered, 1))).toBe(true);
  });
});
