import { z } from 'zod';

/**
 * Suggestions for the composer's To, Cc and Bcc: people from the account's own mail, with no
 * address book to keep. Whom the user wrote to (Sent: To, Cc, Bcc) counts more than who wrote
 * (Inbox: From), and recent mail more than old.
 */
export const MAX_SUGGESTION_QUERY_CHARS = 100;
export const MAX_SUGGESTIONS = 20;
export const DEFAULT_SUGGESTIONS = 8;

export const recipientSuggestRequestSchema = z
  .object({
    /**
     * What the user typed of one recipient: a start of a name or of an address. Empty: answers
     * no one, and reads the account's mail now if it is not read yet (the composer asks so when
     * it opens, so that the first letter typed is answered from memory).
     */
    query: z
      .string()
      .max(MAX_SUGGESTION_QUERY_CHARS)
      .refine((query) => query === '' || query.trim() !== '', 'Type part of a name or an address.'),
    limit: z.number().int().min(1).max(MAX_SUGGESTIONS).optional(),
  })
  .strict();
export type RecipientSuggestRequest = z.infer<typeof recipientSuggestRequestSchema>;

/** Someone the user has mail with; `name` is empty when no mail gave one. */
export interface Correspondent {
  name: string;
  address: string;
}

export interface RecipientSuggestions {
  /** Best first, at most the limit asked for. */
  suggestions: Correspondent[];
}
