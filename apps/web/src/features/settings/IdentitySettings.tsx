import { useId, useRef, useState } from 'react';
import { MAX_DISPLAY_NAME_CHARS } from '@tidings/protocol';
import { editorSafeHtml } from '../compose/editorHtml.ts';
import { RichEditor } from '../compose/RichEditor.tsx';
import {
  MAX_SIGNATURE_CHARS,
  cleanDisplayName,
  loadIdentity,
  saveIdentity,
  type Identity,
} from './identity.ts';

/**
 * The name in From and the signature, for the signed-in account. Saved as typed (like the
 * other settings); a composer opened afterwards uses them.
 */
export function IdentitySettings({ account }: { account: string }) {
  const [identity, setIdentity] = useState<Identity>(() => loadIdentity(account));
  const [startHtml] = useState(() => editorSafeHtml(identity.signatureHtml));
  const editorRef = useRef<HTMLDivElement>(null);
  const ids = { name: useId(), signature: useId(), hint: useId() };

  function change(patch: Partial<Identity>) {
    const next = { ...identity, ...patch };
    setIdentity(next);
    saveIdentity(account, { ...next, name: cleanDisplayName(next.name) });
  }

  return (
    <fieldset className="settings__group settings__group--next">
      <legend>Identity</legend>
      <label className="settings__field" htmlFor={ids.name}>
        Your name
      </label>
      <input
        id={ids.name}
        className="settings__input"
        type="text"
        autoComplete="name"
        maxLength={MAX_DISPLAY_NAME_CHARS}
        value={identity.name}
        placeholder={account}
        onChange={(event) => change({ name: event.target.value })}
      />
      <label className="settings__field" htmlFor={ids.signature}>
        Signature
      </label>
      <textarea
        id={ids.signature}
        className="settings__input settings__signature"
        rows={3}
        maxLength={MAX_SIGNATURE_CHARS}
        value={identity.signature}
        onChange={(event) => change({ signature: event.target.value })}
      />
      <p id={ids.hint} className="settings__hint">
        Rich-text signature (used in the rich-text editor; empty: the one above).
      </p>
      <RichEditor
        editorRef={editorRef}
        initialHtml={startHtml}
        label="Rich-text signature"
        describedBy={ids.hint}
        onInput={() => {
          const html = editorRef.current?.innerHTML ?? '';
          // An editor emptied by hand keeps a stray <br>: that is no signature.
          const text = editorRef.current?.textContent?.trim() ?? '';
          change({ signatureHtml: text ? editorSafeHtml(html).slice(0, MAX_SIGNATURE_CHARS) : '' });
        }}
      />
    </fieldset>
  );
}
