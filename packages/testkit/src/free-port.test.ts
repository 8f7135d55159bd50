import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, freeLoopbackPort, isLoopbackPortFree } from './free-port.ts';

describe('freeLoopbackPort', () => {
  it('chooses below the ephemeral range, where nothing else takes a port meanwhile', async () => {
    const range = { from: 32_768, to: 60_999 };
    for (let i = 0; i < 20; i++) {
      const port = await freeLoopbackPort(range);
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(range.from);
      expect(await isLoopbackPortFree(port)).toBe(true);
    }
  });

  it('lets the kernel choose when there is no room below the range, or no range', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      for (const range of [{ from: 11_000, to: 60_999 }, null]) {
        const port = await freeLoopbackPort(range);
        expect(port).toBeGreaterThan(0);
        expect(await isLoopbackPortFree(port)).toBe(true);
      }
    } finally {
      taken.close();
    }
  });

  it('reads the kernel range, and nothing from what it cannot read', () => {
    expect(ephemeralPortRange(() => '32768\t60999\n')).toEqual({ from: 32_768, to: 60_999 });
    expect(ephemeralPortRange(() => 'garbage')).toBeNull();
    expect(
      ephemeralPortRange(() => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
  });
});
