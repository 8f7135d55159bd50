import { describe, expect, it } from 'vitest';
import { failureText, isChunkLoadError } from './PartBoundary.tsx';

describe('isChunkLoadError', () => {
  it('knows a chunk that did not arrive, in each browser’s words', () => {
    const url = 'https://mail.example/assets/MessageReader-HIYB9P6k.js';
    for (const message of [
      `Failed to fetch dynamically imported module: ${url}`, // Chromium
      `error loading dynamically imported module: ${url}`, // Firefox
      'Importing a module script failed.', // Safari
    ]) {
      expect(isChunkLoadError(new TypeError(message)), message).toBe(true);
    }
    expect(isChunkLoadError(new TypeError("Cannot read properties of null (reading 'uid')"))).toBe(
      false,
    );
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
  });
});

describe('failureText', () => {
  it('says why a part is missing, or what stopped it', () => {
    expect(failureText('The composer', new TypeError('Importing a module script failed.'))).toBe(
      'The composer could not be loaded: the connection dropped, or Tidings was updated since this page opened.',
    );
    expect(failureText('The message', new Error('boom'))).toBe(
      'The message stopped with an error: boom',
    );
  });
});
