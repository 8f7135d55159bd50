import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CORPUS_DIR = fileURLToPath(new URL('../fixtures/xss/', import.meta.url));

/** One sanitizer-bypass vector, sent as a message body (HTML unless `type` says text). */
export interface XssVector {
  id: string;
  category: string;
  title: string;
  html: string;
  type?: 'text';
  /** The corpus file it came from (its origin and licence are recorded there). */
  source: string;
}

interface CorpusFile {
  source: string;
  origin: string;
  licence: string;
  vectors: Omit<XssVector, 'source'>[];
}

/** Every vector of e2e/fixtures/xss/*.json, in file order. */
export function loadXssCorpus(): XssVector[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const file = JSON.parse(readFileSync(CORPUS_DIR + name, 'utf8')) as CorpusFile;
      return file.vectors.map((vector) => ({ ...vector, source: name }));
    });
}
