import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { allExited, hasExited } from './dovecot-processes.ts';

describe('allExited', () => {
  it('waits for every process it knew of, even once the snapshot no longer lists them', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid!;
    // The snapshot says "none left" (as it does for a process whose memory is gone but whose
    // sockets are not yet closed); the process itself has not exited.
    const gone = allExited(async () => [], [{ pid }]);
    expect(await hasExited(pid)).toBe(false);
    expect(await gone()).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await hasExited(pid)).toBe(true);
    expect(await gone()).toBe(true);
  });

  it('remembers what a snapshot listed once', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    let listed = [{ pid: child.pid! }];
    const gone = allExited(async () => listed);
    expect(await gone()).toBe(false);
    listed = [];
    expect(await gone()).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await gone()).toBe(true);
  });
});
