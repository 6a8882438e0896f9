import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres.js';

// Starts a throw-away PostgreSQL in a temp folder for the store suite. Outside CI a machine
// without the server binaries skips those tests (with a message); in CI it must work.

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresSkipReason: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // .ci/run starts one itself and says where.
  const given = process.env.XEROFIX_TEST_POSTGRES_URL;
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresSkipReason', '');
    return () => {};
  }
  const pg = await startThrowawayPostgres();
  if ('skipReason' in pg) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI but ${pg.skipReason}`);
    console.warn(`[xerofix tests] PostgreSQL store tests are skipped: ${pg.skipReason}`);
    project.provide('postgresUrl', null);
    project.provide('postgresSkipReason', pg.skipReason);
    return () => {};
  }
  project.provide('postgresUrl', pg.url);
  project.provide('postgresSkipReason', '');
  return () => pg.stop();
}
