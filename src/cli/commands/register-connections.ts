import type { Command } from 'commander';
import { type ActionContext, JSON_HELP } from './context.js';

/** `connections add|list|remove|invite|confirm|discard|rekey`, loaded when one runs. */
export function registerConnections(program: Command, { io, done }: ActionContext): void {
  const connections = program
    .command('connections')
    .summary('manage stored Xero connections')
    .description('Stored Xero connections: add, list, remove, invite a customer to connect, rotate the key.');
  const load = () => import('./connections.js');
  connections
    .command('add')
    .summary('store a connection from a saved token response')
    .description('Store a connection from a saved Xero token response.')
    .option('--customer <key>', 'the customer key, usually their email (required)')
    .option('--tenant-id <id>', 'the Xero organisation (tenant) id (required)')
    .option('--tenant-name <name>', "the organisation's name, for people")
    .option('--client-id <id>', "the Xero app's client id (required)")
    // A file keeps the secret out of shell history and the process list.
    .option('--client-secret-file <file>', "a file whose first line is the app's client secret")
    .option('--client-secret <secret>', 'the client secret itself (prefer --client-secret-file)')
    .option('--token-file <file>', 'the token response as JSON (required)')
    .option('--shared', "a copy of the integration's own token: probed, never refreshed")
    .addHelpText(
      'after',
      `
Example:
  xerofix connections add --customer shop@example.com --tenant-id TENANT_ID --client-id CLIENT_ID --client-secret-file secret.txt --token-file token.json`,
    )
    .action(async (options) => {
      done(await (await load()).connectionsAdd(io, options));
    });
  connections
    .command('list')
    .summary('list connections and pending replacements')
    .description('List stored connections and any pending replacements.')
    .option('--json', JSON_HELP)
    .action(async (options) => {
      done(await (await load()).connectionsList(io, options));
    });
  connections
    .command('remove')
    .summary("remove a customer's connection")
    .description("Remove a customer's stored connection (and any replacement waiting for it).")
    .argument('<customer>', 'the customer key')
    .action(async (customer: string) => {
      done(await (await load()).connectionsRemove(io, customer));
    });
  connections
    .command('invite')
    .summary('print a single-use connect link for a customer')
    .description(
      'Print a single-use link that lets the customer connect their Xero organisation. Needs XERO_CLIENT_ID, XERO_CLIENT_SECRET and PUBLIC_URL.',
    )
    .argument('<customer>', 'the customer key')
    .option('--days <n>', 'days until the link expires', '7')
    .action(async (customer: string, options) => {
      done(await (await load()).connectionsInvite(io, customer, options));
    });
  connections
    .command('confirm')
    .summary('use the connection a customer sent')
    .description('Use the connection a customer sent that would replace their stored one.')
    .argument('<customer>', 'the customer key')
    .action(async (customer: string) => {
      done(await (await load()).connectionsConfirm(io, customer));
    });
  connections
    .command('discard')
    .summary('drop the connection a customer sent')
    .description('Drop the connection a customer sent and keep the stored one.')
    .argument('<customer>', 'the customer key')
    .action(async (customer: string) => {
      done(await (await load()).connectionsDiscard(io, customer));
    });
  connections
    .command('rekey')
    .summary('re-seal stored secrets with the new key')
    .description(
      'Re-seal every stored secret with the first key in XEROFIX_SECRET_KEY (put the new key first, the old one after a comma).',
    )
    .action(async () => {
      done(await (await load()).connectionsRekey(io));
    });
}
