import type autocannon from 'autocannon';
import { FORM, slackSignature, slashCommandBody } from '../test/support/fake-slack/sign.js';

let sent = 0;

/**
 * Slash commands for autocannon, each signed afresh with a body of its own (a new
 * trigger_id): xerofix drops a replayed signature, so sending the same signed bytes again
 * would measure the replay guard instead of the command.
 */
export function freshSlashCommands(
  secret: string,
  responseUrl: string,
  texts: readonly string[],
): autocannon.Request[] {
  return texts.map((text) => ({
    method: 'POST' as const,
    path: '/slack/events',
    setupRequest: (req: autocannon.Request) => {
      sent += 1;
      const timestamp = Math.floor(Date.now() / 1000);
      const body = slashCommandBody({
        text,
        response_url: responseUrl,
        trigger_id: `bench.${process.pid}.${sent}`,
      });
      return {
        ...req,
        headers: {
          'content-type': FORM,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(secret, timestamp, body),
        },
        body,
      };
    },
  }));
}
