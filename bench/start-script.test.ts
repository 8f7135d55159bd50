import { describe, expect, it } from 'vitest';
import { gatewayStartFlags, nodeFlagsOf } from './start-script.ts';

describe('nodeFlagsOf', () => {
  it('reads the flags between tsx and the entry point, in order', () => {
    expect(nodeFlagsOf('tsx --a=1 --b  src/main.ts', 'src/main.ts')).toEqual(['--a=1', '--b']);
    expect(nodeFlagsOf('tsx src/main.ts', 'src/main.ts')).toEqual([]);
  });

  it('refuses a script it could not mirror', () => {
    expect(() => nodeFlagsOf('node src/main.ts', 'src/main.ts')).toThrow(/not "tsx/);
    expect(() => nodeFlagsOf('tsx src/main.ts --port 1', 'src/main.ts')).toThrow(/not "tsx/);
    expect(() => nodeFlagsOf('tsx watch src/main.ts', 'src/main.ts')).toThrow(/not a flag: watch/);
  });
});

describe('gatewayStartFlags', () => {
  it("reads the gateway's own start script: the heap settings the bench must run it with", async () => {
    expect(await gatewayStartFlags()).toEqual([
      '--heap-growing-percent=50',
      '--min-semi-space-size=4',
    ]);
  });
});
