/**
 * The node flags the gateway's `start` script gives it (apps/gateway/package.json), so that the
 * bench runs the gateway as `pnpm start` runs it, V8's heap settings included.
 */
import { readFile } from 'node:fs/promises';

const GATEWAY_PACKAGE = new URL('../apps/gateway/package.json', import.meta.url);

/**
 * The flags of a `tsx [flags] <entry>` script, in order: every `--` word before the entry
 * point. Throws for a script of another shape, which the bench could not mirror.
 */
export function nodeFlagsOf(script: string, entry: string): string[] {
  const words = script.trim().split(/\s+/);
  const at = words.indexOf(entry);
  if (words[0] !== 'tsx' || at !== words.length - 1)
    throw new Error(`the gateway's start script is not "tsx [flags] ${entry}": ${script}`);
  const flags = words.slice(1, at);
  const stray = flags.find((word) => !word.startsWith('--'));
  if (stray) throw new Error(`the gateway's start script has a word that is not a flag: ${stray}`);
  return flags;
}

/** The flags `pnpm start` gives the gateway's node (before src/main.ts). */
export async function gatewayStartFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(GATEWAY_PACKAGE, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.start;
  if (!script) throw new Error('the gateway has no start script');
  return nodeFlagsOf(script, 'src/main.ts');
}
