import { Suspense } from 'react';
import { PartBoundary, useLazyPart } from '../../lib/PartBoundary.tsx';
import type { ComposerProps } from '../compose/Composer.tsx';

// The composer brings its editor and upload code: loaded when first wanted (and preloaded).
const loadComposer = () => import('../compose/Composer.tsx');

/** Fetches the composer's code ahead of the first Compose, so it opens at once (a failure is ignored). */
export function preloadComposer(): void {
  void loadComposer().catch(() => {});
}

interface LazyComposerProps extends ComposerProps {
  /** A new value starts a new composer (a second Reply replaces the first). */
  serial: number;
}

/**
 * The composer, with a placeholder dialog while its code loads; one that cannot load (or
 * fails) says so in a dialog that can be closed, and the rest of the app carries on.
 */
export function LazyComposer({ serial, ...props }: LazyComposerProps) {
  const { Part: Composer, attempt, retry } = useLazyPart(loadComposer);
  return (
    <PartBoundary
      key={`${serial}\n${attempt}`}
      what="The composer"
      onRetry={retry}
      onClose={() => props.onClose(null)}
      className="composer part-failed--floating"
    >
      <Suspense
        fallback={
          <div className="composer composer--loading" role="dialog" aria-label="Loading…" />
        }
      >
        <Composer key={serial} {...props} />
      </Suspense>
    </PartBoundary>
  );
}
