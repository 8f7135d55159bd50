import type { Page } from '@playwright/test';

const MIB = 1024 * 1024;

/** The page's JS heap in use after a forced garbage collection (CDP), in MiB. */
export async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / MIB;
  } finally {
    await cdp.detach();
  }
}
