import { z } from 'zod';

// Response shapes, checked at the boundary. Loose objects: Freshdesk adds fields over time and
// accounts add custom ones; only what xerofix reads is required.

export const requesterSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

export const ticketSchema = z.looseObject({
  id: z.number(),
  subject: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  description: z.string().nullish(),
  description_text: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  status: z.number(),
  priority: z.number(),
  tags: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  requester_id: z.number().nullish(),
  requester: requesterSchema.optional(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const conversationSchema = z.looseObject({
  id: z.number(),
  body: z.string().nullish(),
  body_text: z.string().nullish(),
  private: z.boolean().nullish(),
  incoming: z.boolean().nullish(),
  created_at: z.string(),
});

export const categorySchema = z.looseObject({ id: z.number(), name: z.string() });
export const folderSchema = z.looseObject({ id: z.number(), name: z.string() });

export const articleSchema = z.looseObject({
  id: z.number(),
  title: z.string(),
  description: z.string().nullish(),
  description_text: z.string().nullish(),
  status: z.number(),
  folder_id: z.number().nullish(),
  updated_at: z.string().nullish(),
});

export type Ticket = z.infer<typeof ticketSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type SolutionCategory = z.infer<typeof categorySchema>;
export type SolutionFolder = z.infer<typeof folderSchema>;
export type SolutionArticle = z.infer<typeof articleSchema>;

/** A new ticket. Freshdesk needs a requester (email here), subject, description, status, priority. */
export interface NewTicket {
  readonly email: string;
  readonly subject: string;
  /** HTML. */
  readonly description: string;
  readonly status: number;
  readonly priority: number;
  readonly source?: number;
  readonly tags?: readonly string[];
}
