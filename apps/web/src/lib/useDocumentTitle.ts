import { useEffect } from 'react';

function setTitle(title: string): void {
  document.title = title;
}

/** Keeps `document.title` in step with the screen. */
export function useDocumentTitle(title: string): void {
  useEffect(() => setTitle(title), [title]);
}
