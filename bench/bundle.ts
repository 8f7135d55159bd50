import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, gzipSync } from 'node:zlib';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Gzipped JavaScript of the first load, in KB of 1,000 bytes (as Vite prints them). */
const FIRST_LOAD_TARGET_KB = 150;
const KB = 1000;

/** One entry of Vite's build manifest (.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

interface Sizes {
  file: string;
  bytes: number;
  gzipDefaultBytes: number;
  gzip9Bytes: number;
}

const execFileAsync = promisify(execFile);

/** A fresh build of the app, its files sorted by when the browser fetches them. */
export interface FreshBuild {
  outDir: string;
  /** The entry script of index.html and its static imports (what Vite lists as modulepreload). */
  firstLoad: string[];
  /** Chunks loaded on demand (reader, composer). */
  lazy: string[];
  css: string[];
}

/**
 * Builds the app fresh from the working tree into a temporary directory with Vite's manifest,
 * which names static and dynamic imports exactly, and hands it to `use`; apps/web/dist is
 * untouched and the directory is removed after.
 */
export async function withFreshBuild<T>(use: (build: FreshBuild) => Promise<T>): Promise<T> {
  const outDir = await mkdtemp(join(tmpdir(), 'tidings-bundle-'));
  try {
    await execFileAsync(
      'pnpm',
      [
        '--filter',
        '@tidings/web',
        'exec',
        'vite',
        'build',
        '--manifest',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: REPO_ROOT },
    );
    const manifest = JSON.parse(
      await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'),
    ) as Record<string, ManifestChunk>;
    const html = await readFile(join(outDir, 'index.html'), 'utf8');

    const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
    const firstLoad = [...staticClosure(manifest, entries)].map((key) => manifest[key]!.file);
    for (const file of firstLoad) {
      // The manifest and the page must agree, or this measures the wrong thing.
      if (!html.includes(`/${file}`)) throw new Error(`${file} is not referenced by index.html`);
    }
    const lazy = Object.values(manifest)
      .map((chunk) => chunk.file)
      .filter((file) => file.endsWith('.js') && !firstLoad.includes(file));
    const css = [...new Set(Object.values(manifest).flatMap((chunk) => chunk.css ?? []))];
    return await use({ outDir, firstLoad, lazy, css });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * The JavaScript a browser must fetch before the app runs: the entry script of index.html and
 * everything it imports statically, not chunks loaded on demand (reader, composer).
 */
export function bundle() {
  return withFreshBuild(async ({ outDir, firstLoad, lazy, css }) => {
    const measure = async (files: string[]) =>
      Promise.all(files.map(async (file) => sizes(file, await readFile(join(outDir, file)))));
    const firstLoadSizes = await measure(firstLoad);
    const lazySizes = await measure(lazy);
    const cssSizes = await measure(css);
    return {
      what: 'gzipped JavaScript of the first load: the entry script of index.html and its static imports (node:zlib)',
      firstLoad: {
        gzipDefaultKB: kb(total(firstLoadSizes, 'gzipDefaultBytes')),
        gzip9KB: kb(total(firstLoadSizes, 'gzip9Bytes')),
        rawKB: kb(total(firstLoadSizes, 'bytes')),
        targetGzipKB: FIRST_LOAD_TARGET_KB,
        files: firstLoadSizes.map(describe),
      },
      lazy: {
        gzipDefaultKB: kb(total(lazySizes, 'gzipDefaultBytes')),
        files: lazySizes.map(describe),
      },
      css: {
        gzipDefaultKB: kb(total(cssSizes, 'gzipDefaultBytes')),
        files: cssSizes.map(describe),
      },
    };
  });
}

/** The entries and every chunk reachable from them through static imports. */
function staticClosure(manifest: Record<string, ManifestChunk>, entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  entries.forEach(visit);
  return seen;
}

function sizes(file: string, content: Buffer): Sizes {
  return {
    file,
    bytes: content.length,
    gzipDefaultBytes: gzipSync(content).length,
    gzip9Bytes: gzipSync(content, { level: constants.Z_BEST_COMPRESSION }).length,
  };
}

function total(list: Sizes[], key: 'bytes' | 'gzipDefaultBytes' | 'gzip9Bytes'): number {
  return list.reduce((sum, item) => sum + item[key], 0);
}

function kb(bytes: number): number {
  return Math.round((bytes / KB) * 10) / 10;
}

function describe(item: Sizes): string {
  return `${item.file}: ${kb(item.bytes)} KB, gzip ${kb(item.gzipDefaultBytes)} KB (level 9: ${kb(item.gzip9Bytes)} KB)`;
}
