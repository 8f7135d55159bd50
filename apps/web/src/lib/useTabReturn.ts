import { useEffect } from 'react';

/**
 * Calls `onReturn` when the user comes back to this tab: the window regains focus or the page
 * becomes visible again. Both usually fire together; the caller throttles.
 */
export function useTabReturn(onReturn: () => void): void {
  useEffect(() => {
    const onVisibilityChange = () => {
      if (document.visibilityState === 'visible') onReturn();
    };
    window.addEventListener('focus', onReturn);
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      window.removeEventListener('focus', onReturn);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [onReturn]);
}
