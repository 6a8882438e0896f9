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
  provider?: string,
): Promise<SyncResult> {
  const config = loadConfig(io.env);
  if (!config.FRESHDESK_BASE_URL || !config.FRESHDESK_API_KEY) {
    throw new CliError('kb sync needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY (see .env.example)', 78);
  }
  const client = createFreshdeskClient({
    baseUrl: config.FRESHDESK_BASE_URL,
    apiKey: config.FRESHDESK_API_KEY,
    timeoutMs: config.FRESHDESK_TIMEOUT_MS,
  });
  try {
    return await syncFolder(client, {
      folderId,
      dir,
      baseUrl: config.FRESHDESK_BASE_URL,
      ...(provider ? { provider } : {}),
    });
  } catch (err) {
    if (err instanceof FreshdeskError) throw new CliError(`Freshdesk: ${err.message}`, 1);
    throw err;
  }
}
