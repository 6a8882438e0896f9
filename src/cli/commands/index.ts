import type { CliIo } from '../io.js';

/** A subcommand: gets its own arguments, returns the process exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  // Loaded lazily so `xerofix diagnose` does not pay for the store or xero-node at start-up.
  readonly load: () => Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  diagnose: {
    summary:
      'diagnose [TEXT] [--json] [--full] [--batch]   explain a pasted error, fix first (stdin when TEXT is absent)',
    load: async () => (await import('./diagnose.js')).diagnoseCommand,
  },
  kb: {
    summary: 'kb build|list|lint|import FILE.html|sync --folder ID   manage the knowledge base',
    load: async () => (await import('./kb.js')).kbCommand,
  },
  connections: {
    summary: 'connections add|list|remove|invite|confirm|discard|rekey   manage stored Xero connections',
    load: async () => (await import('./connections.js')).connectionsCommand,
  },
  probe: {
    summary: "probe CUSTOMER [--json]   check a customer's live Xero connection",
    load: async () => (await import('./probe.js')).probeCommand,
  },
  ticket: {
    summary:
      'ticket open --email REQUESTER [--subject TEXT] [--probe] [TEXT]   open a Freshdesk ticket with the diagnosis',
    load: async () => (await import('./ticket.js')).ticketCommand,
  },
  slack: {
    summary: 'slack manifest [--socket]   print the Slack app manifest for PUBLIC_URL',
    load: async () => (await import('./slack.js')).slackCommand,
  },
  serve: {
    summary: 'serve   run the server: web console, Slack, Freshdesk webhook, keeper',
    load: async () => (await import('./serve.js')).serveCommand,
  },
};
