import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSavedPorts, retryPortRaces, savePorts } from './server-ports.ts';

const RACE = new Error('bind(127.0.0.1, 4242) failed: Address already in use');

describe('retryPortRaces', () => {
  it('tries new ports while another process took the chosen ones, then gives up', async () => {
    const attempts: number[] = [];
    const started = await retryPortRaces(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw RACE;
      return 'up';
    });
    expect(started).toBe('up');
    expect(attempts).toEqual([1, 2, 3]);

    let tries = 0;
    await expect(
      retryPortRaces(async () => {
        tries++;
        throw RACE;
      }),
    ).rejects.toBe(RACE);
    expect(tries).toBe(3);
  });

  it('does not retry other failures, nor ports the caller fixed', async () => {
    const bad = new Error('doveconf: unknown setting');
    let tries = 0;
    const failing = async () => {
      tries++;
      throw tries === 1 ? bad : RACE;
    };
    await expect(retryPortRaces(failing)).rejects.toBe(bad);
    tries = 1;
    await expect(retryPortRaces(failing, true)).rejects.toBe(RACE);
    expect(tries).toBe(2);
  });
});

describe('readSavedPorts', () => {
  it('reads back what savePorts wrote, leaving out what is not a port number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-ports-'));
    const path = join(dir, 'ports.json');
    expect(await readSavedPorts(path, ['imapPort'])).toEqual({});

    await savePorts(path, { imapPort: 14_143, lmtpPort: 14_024 });
    expect(await readSavedPorts(path, ['imapPort', 'lmtpPort', 'authPort'])).toEqual({
      imapPort: 14_143,
      lmtpPort: 14_024,
    });

    await writeFile(path, JSON.stringify({ imapPort: '14143', lmtpPort: 1.5, authPort: 14_025 }));
    expect(await readSavedPorts(path, ['imapPort', 'lmtpPort', 'authPort'])).toEqual({
      authPort: 14_025,
    });
    await writeFile(path, '{ not json');
    expect(await readSavedPorts(path, ['imapPort'])).toEqual({});
  });
});
