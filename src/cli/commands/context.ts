import type { CliIo } from '../io.js';

/** What an action needs: the streams, and where to leave its exit code. */
export interface ActionContext {
  readonly io: CliIo;
  readonly done: (code: number) => void;
}

export const JSON_HELP = 'print one JSON document on stdout (a failure too, as {"error": "…"})';
