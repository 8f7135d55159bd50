/**
 * The flags among `add` that a STORE would not keep in the selected mailbox: those its
 * PERMANENTFLAGS (RFC 3501 §7.1) leave out when they hold no `\*` (the mark that new keywords
 * may be made). A server says so for a folder the user may read but not flag, as a shared
 * folder whose ACL (RFC 4314) leaves out the right to write flags. imapflow leaves such flags
 * out of the command without a word (its `canUseFlag`, with the same test), so the gateway
 * asks first rather than claim a change that never reached the server. Without PERMANENTFLAGS
 * every flag may be kept.
 */
export function unkeptFlags(
  add: readonly string[],
  permanentFlags: ReadonlySet<string> | undefined,
): string[] {
  if (!permanentFlags || permanentFlags.has('\\*')) return [];
  return add.filter((flag) => !permanentFlags.has(flag));
}
