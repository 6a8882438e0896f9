import type { Command } from 'commander';
import { type ActionContext, JSON_HELP } from './context.js';
import { registerConnections } from './register-connections.js';
import { registerKb } from './register-kb.js';

// Every command is declared here, its implementation loaded only when it runs, so
// `xerofix diagnose` does not pay for the store or xero-node at start-up.

export function registerCommands(program: Command, { io, done }: ActionContext): void {
  program
    .command('diagnose')
    .summary('explain a pasted error, fix first')
    .description(
      'Explain a pasted Xero error, the fix first. The paste is TEXT, or standard input when TEXT is absent.',
    )
    .argument('[text...]', 'the pasted error (quote it; put -- before text that starts with -)')
    .option('--json', JSON_HELP)
    .option('--full', 'add what it means, the likely causes and the details read from the paste')
    .option('--batch', 'read JSON Lines ({"id": …, "text": …}) on stdin, answer one JSON line per line')
    .option('--example', 'diagnose a built-in example paste')
    .addHelpText(
      'after',
      `
Examples:
  xerofix diagnose '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"'
  xerofix diagnose --json < error.txt
  xerofix diagnose --batch < pastes.jsonl`,
    )
    .action(async (text: string[], options) => {
      const { diagnoseCommand } = await import('./diagnose.js');
      done(await diagnoseCommand(io, text, options));
    });

  registerKb(program, { io, done });
  registerConnections(program, { io, done });

  program
    .command('probe')
    .summary("check a customer's live Xero connection")
    .description(
      "Check a customer's live Xero connection, read-only first. Exits 0 whenever a verdict was reached.",
    )
    .argument('<customer>', 'the customer key (usually their email)')
    .option('--json', JSON_HELP)
    .addHelpText('after', '\nExample:\n  xerofix probe shop@example.com --json')
    .action(async (customer: string, options) => {
      done(await (await import('./probe.js')).probeCommand(io, customer, options));
    });

  const ticket = program
    .command('ticket')
    .summary('open a Freshdesk ticket with the diagnosis')
    .description('Freshdesk tickets. Needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY.');
  ticket
    .command('open')
    .summary('open a ticket with the paste and its diagnosis')
    .description(
      'Open a Freshdesk ticket with the paste and its diagnosis, and print its link. The paste is TEXT, or standard input when TEXT is absent.',
    )
    .argument('[text...]', 'the pasted error')
    .option('--email <address>', "the requester's email (required)")
    .option('--subject <text>', 'the subject (from the diagnosis when absent)')
    .option('--probe', "also probe the requester's Xero connection and add the verdict")
    .addHelpText('after', '\nExample:\n  xerofix ticket open --email ops@shop.example --probe < error.txt')
    .action(async (text: string[], options) => {
      done(await (await import('./ticket.js')).ticketOpen(io, text, options));
    });

  const slack = program.command('slack').summary('the Slack app manifest').description('Slack set-up.');
  slack
    .command('manifest')
    .summary('print the Slack app manifest')
    .description(
      'Print the Slack app manifest for PUBLIC_URL, ready to paste at api.slack.com/apps (Create New App, From a manifest).',
    )
    .option('--socket', 'for Socket Mode: no request URLs, so PUBLIC_URL is not needed')
    .action(async (options) => {
      done(await (await import('./slack.js')).slackManifest(io, options));
    });

  program
    .command('serve')
    .summary('run the server: web console, Slack, Freshdesk webhook, keeper')
    .description(
      'Run the server on PORT until SIGINT or SIGTERM: the web console, Slack, the Freshdesk webhook and the keeper.',
    )
    .action(async () => {
      done(await (await import('./serve.js')).serveCommand(io));
    });
}
