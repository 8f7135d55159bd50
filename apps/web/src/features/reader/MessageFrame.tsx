import { useCallback, useEffect, useRef } from 'react';

/** Never collapse to nothing while the document loads. */
const MIN_FRAME_HEIGHT_PX = 48;
/**
 * A message whose layout grows with its frame (`min-height: 101vh`) would grow forever; past
 * this the frame stops growing and scrolls inside.
 */
const MAX_FRAME_HEIGHT_PX = 40_000;

/**
 * No `allow-scripts`: nothing in the message runs, whatever the sanitizer missed. Same origin
 * (without scripts it grants the message nothing) lets the reader measure the document, and
 * the frame's CSP still limits what it loads. Links open in new tabs outside the sandbox; no
 * forms, no top navigation, no modals.
 */
export const FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

interface MessageFrameProps {
  /** The whole document (bodyDocument.ts). A new document needs a new frame: key it. */
  srcDoc: string;
  title: string;
}

/** A message body in its sandbox, as tall as its content. */
export function MessageFrame({ srcDoc, title }: MessageFrameProps) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const detach = useRef<(() => void) | null>(null);

  const fit = useCallback(() => {
    const frame = frameRef.current;
    const doc = frame?.contentDocument;
    const root = doc?.documentElement;
    if (!frame || !doc || !root) return;
    // A horizontal scrollbar (a wide newsletter in a narrow pane) takes height from the viewport.
    const scrollbar = Math.max(0, (frame.contentWindow?.innerHeight ?? 0) - root.clientHeight);
    const content = Math.max(
      root.getBoundingClientRect().height,
      doc.body ? doc.body.getBoundingClientRect().bottom : 0,
    );
    const height = Math.min(
      MAX_FRAME_HEIGHT_PX,
      Math.max(MIN_FRAME_HEIGHT_PX, Math.ceil(content + scrollbar)),
    );
    const next = `${height}px`;
    if (frame.style.height !== next) frame.style.height = next;
  }, []);

  const onLoad = useCallback(() => {
    detach.current?.();
    detach.current = null;
    const frame = frameRef.current;
    const doc = frame?.contentDocument;
    const view = frame?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (!frame || !doc || !view) return;
    fit();
    // The frame's own ResizeObserver sees its layout; the parent's sees the pane's width change.
    // Both call back into this (scripted) document: the frame itself still runs nothing.
    const inner = new (view.ResizeObserver ?? ResizeObserver)(fit);
    inner.observe(doc.documentElement);
    if (doc.body) inner.observe(doc.body);
    const outer = new ResizeObserver(fit);
    outer.observe(frame);
    // Images that load late, <details> that open.
    const events = ['load', 'error', 'toggle'] as const;
    for (const type of events) doc.addEventListener(type, fit, true);
    frame.dataset.loaded = 'true';
    detach.current = () => {
      inner.disconnect();
      outer.disconnect();
      for (const type of events) doc.removeEventListener(type, fit, true);
    };
  }, [fit]);

  useEffect(
    () => () => {
      detach.current?.();
      detach.current = null;
    },
    [],
  );

  return (
    <iframe
      ref={frameRef}
      className="reader__frame"
      title={title}
      sandbox={FRAME_SANDBOX}
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      onLoad={onLoad}
    />
  );
}
