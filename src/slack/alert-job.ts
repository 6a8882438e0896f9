import type { webApi } from '@slack/bolt';
import type { AlertPayload } from '../alerts/outbox.js';
import type { KnowledgeIndex } from '../knowledge/schema.js';
import { sentenceFor, type VerdictCode } from '../probe/verdicts.js';
import { replyForEntry } from '../reply/model.js';
import type { Store } from '../store/store.js';
import { alertMessage } from './alert-message.js';

export interface SlackAlertDeps {
  readonly client: webApi.WebClient;
  readonly channel: string;
  readonly index: KnowledgeIndex;
  readonly store: Store;
}

/** Posts one "connection broke" message to SLACK_ALERT_CHANNEL, with the verdict and the fix. */
export function slackAlertHandler(deps: SlackAlertDeps) {
  return async (payload: AlertPayload): Promise<void> => {
    const connection = await deps.store.connections.findByCustomer(payload.customer);
    const organisation = connection?.tenantName ?? null;
    const sentence = sentenceFor(payload.verdict as VerdictCode, { tenantName: organisation });
    const summary = { verdict: payload.verdict, sentence, entry: payload.entry };
    const reply = payload.entry ? replyForEntry(payload.entry, deps.index, summary) : undefined;
    const message = alertMessage({
      customer: payload.customer,
      organisation,
      verdict: payload.verdict,
      sentence,
      ...(reply ? { reply } : {}),
    });
    await deps.client.chat.postMessage({ channel: deps.channel, ...message });
  };
}
