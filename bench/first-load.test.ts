import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFreshBuild } from './bundle.ts';

// The browser uses only the protocol's constants and types; its zod schemas are dropped by
// apps/web/vite.config.ts, unless a schema is built in a way the bundler must keep (a method
// call on a schema, a call in its arguments). Then zod (16 KB gzipped) rides on every first
// load. Its size is the bundle benchmark's; whether zod is there at all is this test's.
describe('the first load', () => {
  it('carries none of zod', { timeout: 120_000 }, async () => {
    await withFreshBuild(async ({ outDir, firstLoad }) => {
      expect(firstLoad.length).toBeGreaterThan(0);
      for (const file of firstLoad) {
        const code = await readFile(join(outDir, file), 'utf8');
        // zod's class names survive minifying: they are strings (`$constructor("$ZodType", …)`).
        expect(code.includes('$ZodType'), file).toBe(false);
      }
    });
  });
});
