import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The vectors written for Tidings: always run. */
const CORPUS_DIR = fileURLToPath(new URL('../fixtures/xss/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Larger public suites (DOMPurify's fixtures, html5sec, ...) are not part of this repository;
 * placed in the steering repo's shared folder, in the same JSON shape, they run as well.
 */
export const SHARED_XSS_DIR = resolve(REPO_ROOT, '..', 'shared', 'xss');
/** Extra vector files or folders (separated like PATH), instead of the shared folder; `off` skips. */
export const EXTRA_XSS_ENV = 'TIDINGS_EXTRA_XSS';

/** One sanitizer-bypass vector, sent as a message body (HTML unless `type` says text). */
export interface XssVector {
  id: string;
  category: string;
  title: string;
  html: string;
  type?: 'text';
  /** The corpus file it came from (its origin and licence are recorded there). */
  source: string;
  /** Part of this repository's own set (e2e/fixtures/xss), not an extra file. */
  builtIn: boolean;
}

/** The shape of every corpus file, built in or extra. */
export interface CorpusFile {
  source: string;
  origin: string;
  licence: string;
  notes?: string;
  count?: number;
  vectors: { id: string; category: string; title: string; html: string; type?: 'text' }[];
}

let cached: XssVector[] | null = null;

/**
 * Every vector of e2e/fixtures/xss/*.json, in file order, then those of the extra files
 * (`$TIDINGS_EXTRA_XSS`, else `<repo>/../shared/xss/*.json` when that folder exists). Says in one
 * line what it found; loaded once per process.
 */
export function loadXssCorpus(): XssVector[] {
  if (cached) return cached;
  const builtIn = jsonFiles(CORPUS_DIR).flatMap((file) =>
    readCorpusFile(file, basename(file), true),
  );
  const ids = new Set(builtIn.map((vector) => vector.id));
  const { files, note } = extraFiles();
  const extra = files.flatMap((file) =>
    readCorpusFile(file, relative(REPO_ROOT, file), false).map((vector) => {
      // Ids only need to be unique within a run; a clash gets the file's name in front.
      let id = vector.id;
      if (ids.has(id)) id = `${basename(file, '.json')}.${id}`;
      for (let n = 2; ids.has(id); n += 1) id = `${vector.id}.${n}`;
      ids.add(id);
      return { ...vector, id };
    }),
  );
  console.log(
    extra.length > 0
      ? `XSS corpus: ${builtIn.length} built-in vectors + ${extra.length} from ${files.length} extra file(s) (${note})`
      : `XSS corpus: ${builtIn.length} built-in vectors; no extra vector files (${note})`,
  );
  cached = [...builtIn, ...extra];
  return cached;
}

function extraFiles(): { files: string[]; note: string } {
  const setting = process.env[EXTRA_XSS_ENV]?.trim();
  if (setting === 'off') return { files: [], note: `${EXTRA_XSS_ENV}=off` };
  if (setting) {
    const files = setting
      .split(delimiter)
      .filter(Boolean)
      .flatMap((entry) => {
        const path = resolve(entry);
        if (!existsSync(path)) throw new Error(`${EXTRA_XSS_ENV}: ${path} does not exist`);
        return statSync(path).isDirectory() ? jsonFiles(path) : [path];
      });
    return { files, note: `${EXTRA_XSS_ENV}=${setting}` };
  }
  if (!existsSync(SHARED_XSS_DIR)) {
    return {
      files: [],
      note: `${SHARED_XSS_DIR} is absent; place public suites there or set ${EXTRA_XSS_ENV}`,
    };
  }
  return { files: jsonFiles(SHARED_XSS_DIR), note: SHARED_XSS_DIR };
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

function readCorpusFile(path: string, source: string, builtIn: boolean): XssVector[] {
  const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<CorpusFile> | null;
  if (!file || !Array.isArray(file.vectors)) {
    throw new Error(`${path}: not a vector file (expected { "vectors": [...] })`);
  }
  const stem = basename(path, '.json');
  return file.vectors.map((raw: Partial<CorpusFile['vectors'][number]>, index) => {
    if (typeof raw?.html !== 'string') throw new Error(`${path}: vector ${index} has no "html"`);
    if (raw.type !== undefined && raw.type !== 'text') {
      throw new Error(`${path}: vector ${index} has an unknown type ${String(raw.type)}`);
    }
    const id = typeof raw.id === 'string' && raw.id ? raw.id : `${stem}-${index + 1}`;
    return {
      id,
      category: typeof raw.category === 'string' ? raw.category : 'other',
      title: typeof raw.title === 'string' ? raw.title : id,
      html: raw.html,
      ...(raw.type === 'text' ? { type: 'text' as const } : {}),
      source,
      builtIn,
    };
  });
}

/**
 * What the suite can see when a sanitizer lets a vector through: a call to alert/confirm/prompt/
 * print, a write to `__xss`, the console marker (script-watch.ts), a request to the never
 * resolvable `remote.invalid`, to the gateway's API or to a private address (request watch).
 */
const MARKER =
  /\b(?:alert|confirm|prompt|print)\s*(?:\(|`)|__xss|TIDINGS-XSS|remote\.invalid|\/api\/|\b127\.0\.0\.1\b|\b10\.0\.0\.1\b|\[::1\]/i;

const NAMED_REFERENCES: Record<string, string> = {
  colon: ':',
  lpar: '(',
  rpar: ')',
  sol: '/',
  period: '.',
  lowbar: '_',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  amp: '&',
  tab: '\t',
  newline: '\n',
};

/** The text of a vector with the encodings payloads hide behind undone, layer by layer. */
function decodings(text: string): string[] {
  const layers = [text];
  let current = text;
  for (let round = 0; round < 3; round += 1) {
    current = current
      // HTML character references, with or without the semicolon.
      .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => fromCode(parseInt(hex, 16)))
      .replace(/&#([0-9]+);?/g, (_m, dec: string) => fromCode(parseInt(dec, 10)))
      .replace(/&([a-z]+);/gi, (m, name: string) => NAMED_REFERENCES[name.toLowerCase()] ?? m)
      // Percent-encoding, JavaScript and CSS escapes.
      .replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => fromCode(parseInt(hex, 16)))
      .replace(/\\[ux]\{?([0-9a-f]{2,6})\}?/gi, (_m, hex: string) => fromCode(parseInt(hex, 16)))
      .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => fromCode(parseInt(hex, 16)))
      // Base64 (data: URLs).
      .replace(/[A-Za-z0-9+/]{8,}={0,2}/g, (run) => {
        const decoded = Buffer.from(run, 'base64').toString('latin1');
        // Binary output means it was not base64 text.
        return /^[\t\n\r\u0020-\u007e]*$/.test(decoded) ? `${run} ${decoded}` : run;
      });
    layers.push(current);
  }
  return layers;
}

function fromCode(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
}

/** Whether a vector, once its encodings are undone, carries something the watchers detect. */
export function carriesMarker(html: string): boolean {
  return decodings(html).some((layer) => MARKER.test(layer));
}
