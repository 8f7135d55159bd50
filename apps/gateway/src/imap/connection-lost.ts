/** imapflow's word for a command that died with its connection. */
export function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === 'NoConnection' ||
    code === 'EConnectionClosed' ||
    /Connection not available/i.test(String((error as Error)?.message))
  );
}
