import type { webApi } from '@slack/bolt';
import { alertPayloadSchema } from '../alerts/outbox.js';
import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { defineJob, type JobHandler } from '../jobs/handler.js';
import { connectionAlert } from '../reply/connection-alert.js';
import type { Clock } from '../runtime/clock.js';
import type { Store } from '../store/store.js';
import { alertMessage } from './alert-message.js';
import { slackCallError } from './call-error.js';
import { postMessageOnce } from './posted-once.js';

export interface SlackAlertDeps {
  /**
   * A client that never retries on its own: a post whose response was lost would be posted
   * again by a retrying client, beyond the reach of the check below. The job queue retries.
   */
  readonly client: webApi.WebClient;
  readonly channel: string;
  readonly index: KnowledgeIndex;
  readonly store: Store;
  readonly clock: Clock;
}

/**
 * Posts one "connection broke" message to SLACK_ALERT_CHANNEL, with the verdict and the fix:
 * one per alert job, also when an earlier attempt died between posting and recording it.
 */
export function slackAlertHandler(deps: SlackAlertDeps): JobHandler {
  return defineJob(alertPayloadSchema, async (payload, job, ctx) => {
    try {
      await postMessageOnce(deps, job, ctx, deps.channel, async () => {
        const connection = await deps.store.connections.findByCustomer(payload.customer);
        const organisation = connection?.tenantName ?? null;
        return alertMessage(connectionAlert({ ...payload, organisation }, deps.index));
      });
    } catch (err) {
      throw slackCallError(err);
    }
  });
}
