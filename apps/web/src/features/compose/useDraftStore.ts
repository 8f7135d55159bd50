import { useEffect, useState } from 'react';
import type { Ack, Draft, DraftSaveResult, MessageRef } from '@tidings/protocol';
import { draftToSave, type ComposeState } from './composeDraft.ts';

/** A draft that changed is stored in Drafts this often. */
export const AUTOSAVE_MS = 5_000;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; json: string }
  | { kind: 'failed'; message: string };

/**
 * Stores the draft with `draft:save` when it differs from what was stored last, replacing
 * that copy (`replacesDraft`), so Drafts holds one. One save at a time; what the composer
 * opened with counts as stored.
 */
export class DraftSaver {
  private storedRef: MessageRef | null;
  private savedJson: string | null = null;
  private openedJson: string | null = null;
  private saving: Promise<boolean> | null = null;
  private paused = false;
  private read: (() => ComposeState) | null = null;

  constructor(
    private readonly saveDraft: (draft: Draft) => Promise<Ack<DraftSaveResult>>,
    reopened: MessageRef | null,
    private readonly onState: (state: SaveState) => void,
  ) {
    this.storedRef = reopened;
  }

  /** The form as the latest render sees it. */
  setReader(read: () => ComposeState): void {
    this.read = read;
    if (this.openedJson === null) {
      this.openedJson = JSON.stringify(draftToSave(read()));
      this.savedJson = this.openedJson;
    }
  }

  /**
   * Autosaves every `everyMs` until the returned stop is called, which saves once more (a
   * composer replaced by another keeps what was typed), unless paused: sent or discarded.
   */
  start(everyMs: number): () => void {
    const timer = setInterval(() => {
      if (!this.paused) void this.save();
    }, everyMs);
    return () => {
      clearInterval(timer);
      if (!this.paused) void this.save();
    };
  }

  /** Stores the draft if it changed since the last save; false when the server refused. */
  save(): Promise<boolean> {
    if (this.saving) return this.saving;
    if (!this.read) return Promise.resolve(true);
    const draft = draftToSave(this.read());
    const json = JSON.stringify(draft);
    if (json === this.savedJson) return Promise.resolve(true);
    const run = (async () => {
      this.onState({ kind: 'saving' });
      const replaces = this.storedRef;
      const answer = await this.saveDraft({
        ...draft,
        ...(replaces && { replacesDraft: replaces }),
      });
      if (!answer.ok) {
        this.onState({ kind: 'failed', message: answer.error.message });
        return false;
      }
      this.storedRef = answer.data;
      this.savedJson = json;
      this.onState({ kind: 'saved', json });
      return true;
    })();
    this.saving = run.finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  /** Resolves once a save under way is done (at once when none is). */
  settled(): Promise<unknown> {
    return this.saving ?? Promise.resolve();
  }

  /** The draft in Drafts that the next save or the send replaces. */
  stored(): MessageRef | null {
    return this.storedRef;
  }

  /** Whether a version other than the one the composer opened with was stored. */
  changedSinceOpen(): boolean {
    return this.savedJson !== this.openedJson;
  }

  /** No autosave while a send is under way, nor after it (or a discard) succeeded. */
  pause(paused: boolean): void {
    this.paused = paused;
  }
}

/** Autosave for the composer: `read` gives the form's current state. */
export function useDraftStore(
  saveDraft: (draft: Draft) => Promise<Ack<DraftSaveResult>>,
  reopened: MessageRef | null,
  read: () => ComposeState,
): [DraftSaver, SaveState] {
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [saver] = useState(() => new DraftSaver(saveDraft, reopened, setSaveState));
  useEffect(() => {
    saver.setReader(read);
  });
  useEffect(() => saver.start(AUTOSAVE_MS), [saver]);
  return [saver, saveState];
}
