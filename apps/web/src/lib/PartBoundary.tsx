import {
  Component,
  lazy,
  useMemo,
  useState,
  type ComponentType,
  type LazyExoticComponent,
  type ReactNode,
} from 'react';

/**
 * A code chunk that did not arrive: the connection dropped as it loaded, or Tidings was
 * updated since the page opened and the old file names are gone. Each browser words it its
 * own way (Chromium, Firefox, Safari).
 */
export function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(
      error.message,
    )
  );
}

/** What the part says in place of itself. */
export function failureText(what: string, error: Error): string {
  return isChunkLoadError(error)
    ? `${what} could not be loaded: the connection dropped, or Tidings was updated since this page opened.`
    : `${what} stopped with an error: ${error.message}`;
}

interface PartBoundaryProps {
  /** The part, as the message names it: "The composer". */
  what: string;
  /** Load the part's code again (useLazyPart's `retry`). */
  onRetry?: () => void;
  /** A part that floats over the app (the composer) can be put away. */
  onClose?: () => void;
  /** Where the message sits: the part's own frame ("composer"), so it shows in its place. */
  className?: string;
  children: ReactNode;
}

interface PartBoundaryState {
  error: Error | null;
}

/**
 * Keeps a failure to one part of the screen. Without it, a reader chunk that fails to load
 * (or a message that trips a bug) unmounts the whole app: a blank page, the list and the
 * composer's text gone with it. In its place the part says what happened and offers to try
 * again, or to reload (the only cure after an update).
 */
export class PartBoundary extends Component<PartBoundaryProps, PartBoundaryState> {
  override state: PartBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): PartBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`${this.props.what} failed`, error);
  }

  override render() {
    const { error } = this.state;
    const { what, onRetry, onClose, className, children } = this.props;
    if (!error) return children;
    return (
      <div className={className ? `part-failed ${className}` : 'part-failed'}>
        <p role="alert">{failureText(what, error)}</p>
        <div className="part-failed__actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              this.setState({ error: null });
              onRetry?.();
            }}
          >
            Try again
          </button>
          {onClose && (
            <button type="button" className="button button--quiet" onClick={onClose}>
              Close
            </button>
          )}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => window.location.reload()}
          >
            Reload Tidings
          </button>
        </div>
      </div>
    );
  }
}

/**
 * A part whose code loads on demand, and can load again: React.lazy keeps a failed load for
 * good, so each attempt gets a lazy component of its own. `attempt` keys the boundary.
 */
export function useLazyPart<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): { Part: LazyExoticComponent<ComponentType<P>>; attempt: number; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new lazy per attempt is the point
  const Part = useMemo(() => lazy(load), [attempt]);
  return { Part, attempt, retry: () => setAttempt((n) => n + 1) };
}
