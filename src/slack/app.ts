import { App, ExpressReceiver } from '@slack/bolt';
import { Router as ExpressRouter } from 'express';
import type { SlackConfig } from '../config.js';
import { registerActions } from './actions.js';
import { createAfterAckQueue } from './after-ack.js';
import { registerAutoReply } from './auto-reply.js';
import { boltLogger } from './bolt-logger.js';
import { slackClientOptions } from './client-options.js';
import { registerSlashCommand } from './command.js';
import type { SlackDeps } from './deps.js';
import { registerHome } from './home.js';
import { ignoreReplays, refuseFutureTimestamps, signatureProperty } from './replay-guard.js';
import { registerShortcut } from './shortcut.js';
import { registerTicketModal } from './ticket-modal.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** The Bolt app and how it is reached; the Slack surface (surface.ts) wires it into the server. */
export interface SlackApp {
  readonly mode: 'http' | 'socket';
  readonly app: App;
  /** HTTP mode: the Express router that hands POST /slack/events to Bolt (signature checked there). */
  readonly router?: ExpressRouter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Which Slack settings are present decides the mode; undefined means Slack is off. */
export function slackMode(config: SlackConfig): 'http' | 'socket' | undefined {
  if (!config.botToken) return undefined;
  if (config.appToken) return 'socket';
  return config.signingSecret ? 'http' : undefined;
}

/**
 * Builds the Bolt app with every listener. In HTTP mode Bolt does not get its own server:
 * its Express receiver fills a router our Express app mounts, so Slack, the Freshdesk
 * webhook and the web pages share one port. Socket Mode is for workspaces whose bot cannot
 * be reached from outside.
 */
export function createSlackApp(
  config: SlackConfig,
  surfaceDeps: Omit<SlackDeps, 'afterAck'>,
  fetchImpl?: typeof fetch,
): SlackApp | undefined {
  const mode = slackMode(config);
  if (!mode) return undefined;
  const afterAck = createAfterAckQueue((err) =>
    surfaceDeps.log.error('slack work after acknowledgement failed', { error: (err as Error).message }),
  );
  const deps: SlackDeps = { ...surfaceDeps, afterAck };
  const logger = boltLogger(deps.log, config.logLevel);
  const clientOptions = slackClientOptions(config, fetchImpl);
  let router: ExpressRouter | undefined;
  let app: App;
  if (mode === 'socket') {
    app = new App({
      token: config.botToken,
      appToken: config.appToken,
      socketMode: true,
      logger,
      clientOptions,
      convoStore: false,
    });
  } else {
    router = ExpressRouter();
    // Registered before the receiver's own route, so it runs before Bolt reads the body.
    router.post(SLACK_EVENTS_PATH, refuseFutureTimestamps(Date.now));
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret as string,
      endpoints: SLACK_EVENTS_PATH,
      router,
      logger,
      customPropertiesExtractor: signatureProperty,
    });
    // No conversation store: xerofix keeps no per-conversation state, and Bolt's default one
    // builds a rejected "Conversation not found" error on every command (about 4% of ack CPU).
    app = new App({ token: config.botToken, receiver, logger, clientOptions, convoStore: false });
    app.use(
      ignoreReplays({ claims: deps.store.claims, owner: 'slack-receiver', now: Date.now, log: deps.log }),
    );
  }
  app.error(async (err) => {
    deps.log.error('slack listener failed', { error: err.message, code: (err as { code?: string }).code });
  });
  registerSlashCommand(app, deps);
  registerShortcut(app, deps);
  registerActions(app, deps);
  registerTicketModal(app, deps);
  registerAutoReply(app, deps);
  registerHome(app, deps);
  return {
    mode,
    app,
    ...(router ? { router } : {}),
    start: async () => {
      if (mode === 'socket') await app.start();
    },
    stop: async () => {
      if (mode === 'socket') await app.stop();
      await afterAck.drained();
    },
  };
}
