import { useNow } from '../../lib/useNow.ts';
import { describeConnection, type ConnectionFacts } from './connectionStatus.ts';
import { useOnline } from './useOnline.ts';

const COUNTDOWN_TICK_MS = 1_000;

export function ConnectionIndicator(props: Omit<ConnectionFacts, 'online'>) {
  const online = useOnline();
  const counting = props.retryAt !== null;
  const now = useNow(COUNTDOWN_TICK_MS, counting);
  const view = describeConnection({ ...props, online }, now);
  return (
    <div
      role="status"
      aria-label="Connection"
      className={`connection connection--${view.tone}`}
      title={view.detail}
    >
      <span className="connection__dot" aria-hidden="true" />
      {view.text}
    </div>
  );
}
