import type { Page, WebSocketRoute } from '@playwright/test';

/**
 * Holds the gateway's answers to one socket.io request until `release()`: the page's socket
 * runs through Playwright, which passes every frame on except the acks (`43<id>[…]`) of the
 * emits (`42<id>["<event>",…]`) of `event`. Call before the page opens its socket.
 */
export async function holdAnswers(page: Page, event: string): Promise<{ release: () => void }> {
  const held: { client: WebSocketRoute; frame: string }[] = [];
  let holding = true;
  await page.routeWebSocket(/\/socket\.io\//, (client) => {
    const server = client.connectToServer();
    // Ack ids count per socket: a reconnected one starts again.
    const asked = new Set<string>();
    client.onMessage((frame) => {
      const emit = typeof frame === 'string' && /^42(\d+)\["([^"]+)"/.exec(frame);
      if (emit && emit[2] === event) asked.add(emit[1]!);
      server.send(frame);
    });
    server.onMessage((frame) => {
      const ack = typeof frame === 'string' && /^43(\d+)/.exec(frame);
      if (holding && ack && asked.has(ack[1]!)) held.push({ client, frame });
      else client.send(frame);
    });
  });
  return {
    release: () => {
      holding = false;
      for (const { client, frame } of held.splice(0)) client.send(frame);
    },
  };
}
