import { lazy, Suspense } from 'react';
import type { ComposerProps } from '../compose/Composer.tsx';

// The composer brings its editor and upload code: loaded when first wanted (and preloaded).
const loadComposer = () => import('../compose/Composer.tsx');
const Composer = lazy(loadComposer);

/** Fetches the composer's code ahead of the first Compose, so it opens at once (a failure is ignored). */
export function preloadComposer(): void {
  void loadComposer().catch(() => {});
}

interface LazyComposerProps extends ComposerProps {
  /** A new value starts a new composer (a second Reply replaces the first). */
  serial: number;
}

/** The composer, with a placeholder dialog while its code loads. */
export function LazyComposer({ serial, ...props }: LazyComposerProps) {
  return (
    <Suspense
      fallback={<div className="composer composer--loading" role="dialog" aria-label="Loading…" />}
    >
      <Composer key={serial} {...props} />
    </Suspense>
  );
}
