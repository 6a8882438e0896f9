import type { Config } from '../config.js';
import { slackMode } from '../slack/app.js';
import { consentSettings } from '../web/consent-settings.js';

/** One line per feature that is off, naming the settings that turn it on. */
export function missingFeatureNotes(config: Config): string[] {
  const notes: string[] = [];
  // On the embedded store a sign-in token is generated instead (see console/admin-token.ts).
  if (!config.console.adminToken && !config.store.databaseUrl.startsWith('sqlite:')) {
    notes.push(
      'The web console is off: set ADMIN_TOKEN (openssl rand -hex 24) on every instance to sign in at /status, /lookup and /gaps.',
    );
  }
  if (!slackMode(config.slack)) {
    notes.push(
      'Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode) to turn on /xerofix, the message shortcut and alerts.',
    );
  } else if (!config.slack.alertChannel) {
    notes.push('Slack alerts are off: set SLACK_ALERT_CHANNEL to be told when a connection breaks.');
  }
  if (!config.freshdesk.baseUrl || !config.freshdesk.apiKey) {
    notes.push(
      'Freshdesk is off: set FRESHDESK_BASE_URL and FRESHDESK_API_KEY to answer new tickets and open tickets from Slack.',
    );
  } else if (!config.freshdesk.webhookSecret && config.freshdesk.pollSeconds === 0) {
    notes.push(
      'Freshdesk auto-answer is off: set FRESHDESK_WEBHOOK_SECRET (webhook) or FRESHDESK_POLL_SECONDS (polling) to answer new tickets.',
    );
  }
  if (consentSettings(config.xero, config.http) === undefined) {
    notes.push(
      'The Xero connect flow is off: set XERO_CLIENT_ID and XERO_CLIENT_SECRET to invite customers to connect.',
    );
  }
  if (!config.http.publicUrlSet) {
    notes.push(
      'PUBLIC_URL is not set: links point at http://localhost; set it to the address people reach this server on.',
    );
  }
  return notes;
}
