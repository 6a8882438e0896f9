import { loadConfig } from '../config.js';
import { type LiveServices, openLiveServices, startupProblem } from '../probe/services.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { cliLogger } from './log.js';

/** Opens the store for one command; operator mistakes (key, database) become plain messages. */
export async function withServices(io: CliIo, body: (s: LiveServices) => Promise<number>): Promise<number> {
  const config = loadConfig(io.env);
  let services: LiveServices;
  try {
    services = await openLiveServices(config, { cwd: io.cwd, log: cliLogger(io, config) });
  } catch (err) {
    const problem = startupProblem(err);
    if (problem) throw new CliError(problem, 78);
    throw err;
  }
  try {
    return await body(services);
  } finally {
    await services.close();
  }
}
