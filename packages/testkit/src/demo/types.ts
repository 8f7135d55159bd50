import type { MessageAttachment } from '../build-message.ts';
import type { Rng } from '../rng.ts';

export interface Person {
  name: string;
  email: string;
}

export interface Context {
  sender: Person;
  recipient: Person;
  date: Date;
}

/** What a kind of mail contributes before it becomes a MessageSpec. */
export interface Draft {
  subject: string;
  /** Plain-text paragraphs, greeting and sign-off included. */
  paragraphs: string[];
  /** Heading for the HTML rendering (newsletters, receipts). */
  headline?: string;
  attachment?: MessageAttachment;
  /** Header fields of its own (a newsletter's List-Id and List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface Kind {
  /** Relative frequency among received mail. */
  weight: number;
  htmlProbability: number;
  attachmentProbability: number;
  /** Whether the user could have written this kind to someone (Sent folder). */
  personal: boolean;
  sender(rng: Rng, recipientDomain: string): Person;
  compose(rng: Rng, context: Context, withAttachment: boolean): Draft;
}
