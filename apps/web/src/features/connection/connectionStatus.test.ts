import { describe, expect, it } from 'vitest';
import { describeConnection, type ConnectionFacts } from './connectionStatus.ts';

const live: ConnectionFacts = {
  online: true,
  socket: 'connected',
  imap: 'live',
  retryAt: null,
  outdated: false,
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
