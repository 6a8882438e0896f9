import { loadConfig } from '../../config.js';
import { createFreshdeskClient } from '../../freshdesk/client.js';
import { FreshdeskError } from '../../freshdesk/errors.js';
import { type SyncResult, syncFolder } from '../../freshdesk/sync-articles.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

/** `kb sync`: needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY; Freshdesk's refusals become one line. */
export async function syncCommand(
  io: CliIo,
  dir: string,
  folderId: number,
  options: { provider?: string | undefined; prune?: boolean | undefined } = {},
): Promise<SyncResult> {
  const { freshdesk } = loadConfig(io.env);
  if (!freshdesk.baseUrl || !freshdesk.apiKey) {
    throw new CliError('kb sync needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY (see .env.example)', 78);
  }
  const client = createFreshdeskClient({
    baseUrl: freshdesk.baseUrl,
    apiKey: freshdesk.apiKey,
    timeoutMs: freshdesk.timeoutMs,
  });
  try {
    return await syncFolder(client, {
      folderId,
      dir,
      baseUrl: freshdesk.baseUrl,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.prune ? { prune: true } : {}),
    });
  } catch (err) {
    if (err instanceof FreshdeskError) throw new CliError(`Freshdesk: ${err.message}`, 1, err);
    throw err;
  }
}
