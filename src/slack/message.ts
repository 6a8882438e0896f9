import type { types } from '@slack/bolt';

/** A message as the renderers produce it: a text fallback (notifications, screen readers) and blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: types.KnownBlock[];
}
