import { z } from 'zod';

/** Longest subject of an automatic reply (one line). */
export const MAX_VACATION_SUBJECT = 200;
/** Longest text of an automatic reply. */
export const MAX_VACATION_MESSAGE = 4_000;

/**
 * Automatic replies ("out of office"): a Sieve vacation action (RFC 5230) the mail server runs
 * on each delivery, stored over ManageSieve (RFC 5804). The server answers each sender at most
 * once a day, never mailing lists, bulk mail or automatic messages.
 */
export const vacationSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** Empty: the server's own ("Auto: " and the original subject). */
    subject: z.string().max(MAX_VACATION_SUBJECT),
    message: z.string().max(MAX_VACATION_MESSAGE),
    /** The last day replies go out (YYYY-MM-DD, the server's calendar); null: until turned off. */
    until: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
      .nullable(),
  })
  .strict()
  .refine((settings) => !settings.enabled || settings.message.trim() !== '', {
    message: 'An automatic reply needs a message',
    path: ['message'],
  });
export type VacationSettings = z.infer<typeof vacationSettingsSchema>;

export const vacationGetRequestSchema = z.object({}).strict();
export type VacationGetRequest = z.infer<typeof vacationGetRequestSchema>;

/** Turns automatic replies on (with these words) or off; answers with the state as stored. */
export const vacationSetRequestSchema = z.object({ settings: vacationSettingsSchema }).strict();
export type VacationSetRequest = z.infer<typeof vacationSetRequestSchema>;

export interface VacationState {
  /** False when the mail server offers no ManageSieve, or refused it: `reason` says which. */
  available: boolean;
  reason: string | null;
  settings: VacationSettings;
  /**
   * The name of the filter script that was active on the server before automatic replies were
   * turned on; its rules keep running after the reply (Sieve include) and it is active again
   * once they are turned off. Null when there was none.
   */
  keeps: string | null;
}
