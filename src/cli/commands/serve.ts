import { loadConfig } from '../../config.js';
import { startupProblem } from '../../probe/services.js';
import { startXerofix } from '../../server/start.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliLogger } from '../log.js';

/** Runs the server (web pages, Slack, Freshdesk, keeper) until SIGINT/SIGTERM, then drains. */
export async function serveCommand(io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const log = cliLogger(io, config, 'server');
  let running: Awaited<ReturnType<typeof startXerofix>>;
  try {
    running = await startXerofix(config, { cwd: io.cwd, log });
  } catch (err) {
    const problem = startupProblem(err);
    if (problem) throw new CliError(problem, 78);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`port ${config.http.port} is already in use: stop the other server or set PORT`, 78);
    }
    throw err;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('shutting down: finishing work in flight');
  await running.close();
  return 0;
}
