import { z } from 'zod';
import { ticketSchema } from './types.js';

/** GET /api/v2/search/tickets answers `{ results, total }`, up to 30 tickets a page. */
export const ticketSearchSchema = z.looseObject({
  results: z.array(ticketSchema),
  total: z.number().optional(),
});

/**
 * Freshdesk's query language wants the whole query in double quotes and string values in
 * single ones; a tag holding either (or a backslash) could change the query, so it is refused.
 */
export function tagQuery(tag: string): string {
  if (!tag || /['"\\]/.test(tag))
    throw new Error(`cannot search Freshdesk for the tag ${JSON.stringify(tag)}`);
  return `"tag:'${tag}'"`;
}
