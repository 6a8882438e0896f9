import { z } from 'zod';
import { fittedModelSchema } from './model.js';

// What an article may declare. Everything that decides a match lives here, as data, so a new
// article needs no code change. Values are compared case-insensitively.

const words = z.array(z.string().trim().min(1)).default([]);

export const matchRulesSchema = z
  .object({
    statuses: z.array(z.number().int().min(100).max(599)).default([]),
    titles: words,
    /** Xero `Detail` codes, e.g. AuthenticationUnsuccessful or the TokenExpired prefix. */
    details: words,
    /** OAuth `error` codes from the token or authorize endpoints, e.g. invalid_grant. */
    oauthErrors: words,
    /** Error type names carried in the body, e.g. ValidationException. */
    errorTypes: words,
    /** Exact phrases (substring, case-insensitive) that are strong evidence on their own. */
    patterns: words,
    /** How people describe the problem in their own words; matched fuzzily. */
    phrases: words,
    /** Descriptions of what the customer sees that several causes share ("orders not sending");
     *  they count for less than phrases, so a cause-specific description wins a tie. */
    symptoms: words,
  })
  .strict();

/** What an entry's id (and so its file name, when imported) may be. */
export const ENTRY_ID = /^[a-z0-9][a-z0-9-]*$/;
export const ENTRY_ID_RULE =
  'ids are lowercase letters and digits joined by hyphens (e.g. xero-429-rate-limit)';

/** What sort of problem an entry answers; the reply's wording (decline title, escalation) follows it. */
export const ENTRY_KINDS = ['connection-broken', 'rate-limit', 'outage', 'data-error', 'setup'] as const;

export const entryFrontMatterSchema = z
  .object({
    id: z.string().regex(ENTRY_ID, ENTRY_ID_RULE),
    title: z.string().min(1),
    provider: z.string().optional(),
    kind: z.enum(ENTRY_KINDS).default('connection-broken'),
    /** Probe verdict codes (src/core/verdict-codes.ts) that confirm this entry; kb lint checks them. */
    confirmedBy: z.array(z.string().trim().min(1)).default([]),
    /** What to do when the steps do not help; the reply has a neutral line when absent. */
    escalation: z.string().trim().min(1).optional(),
    /** Headline when a paste is declined and this entry was the closest. */
    notApplicableTitle: z.string().trim().min(1).optional(),
    /** Confidence needed before this entry is answered; overrides the global threshold. */
    minConfidence: z.number().min(0).max(1).optional(),
    match: matchRulesSchema,
    examples: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const articleFrontMatterSchema = z
  .object({
    title: z.string().min(1),
    source: z.string().url().optional(),
    provider: z.string().min(1),
    updated: z.union([z.string(), z.date()]).optional(),
    entries: z.array(entryFrontMatterSchema).min(1, 'an article declares at least one entry'),
  })
  .strict();

const NO_STEPS = 'no fix steps: add a numbered list under a "How to fix it" section';

// Only the steps are required: an entry without them has nothing to answer with. A section an
// article does not have (no "Likely causes", say) is simply absent from its answer.
export const entrySectionsSchema = z.object({
  meaning: z.string().default(''),
  causes: z.array(z.string().min(1)).default([]),
  steps: z.array(z.string().min(1), { error: NO_STEPS }).min(1, NO_STEPS),
  ifFails: z.array(z.string().min(1)).default([]),
  prevention: z.string().default(''),
});

export const entrySchema = entryFrontMatterSchema.extend({
  provider: z.string().min(1),
  article: z.string().min(1),
  /** The knowledge file that declares it, for messages that say where to look. */
  file: z.string().optional(),
  /** Line of its `- id:` in that file's front matter. */
  line: z.number().int().optional(),
  source: z.string().optional(),
  /** Error text its article quotes (code spans, code blocks): the errors it must answer. */
  quotes: z.array(z.string()).default([]),
  ...entrySectionsSchema.shape,
});

/** Something in a knowledge file that kept it (or one of its entries) out of the index. */
export const leftOutSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  /** The entry left out, when the problem is one entry's; absent when the whole file is. */
  entry: z.string().optional(),
  message: z.string(),
});

export const providerSchema = z
  .object({ id: z.string().min(1), name: z.string().min(1), hosts: words, words: words })
  .strict();

export const abstainRuleSchema = z
  .object({
    id: z.string().min(1),
    /** The answer's headline when a paste is recognised as this; a generic one otherwise. */
    title: z.string().min(1).optional(),
    reason: z.string().min(1),
    advice: z.string().min(1),
    provider: z.string().default('xero'),
    /** The class stands for "another provider's error": the answer names the provider found in the paste. */
    namesProvider: z.boolean().default(false),
    match: matchRulesSchema,
  })
  .strict();

/** One example paste as the examples files declare it (knowledge/examples/*.yml). */
export const exampleItemSchema = z
  .object({
    text: z.string().min(1),
    /** Where the text was found (thread, help page); items with a source are real pastes. */
    source: z.string().url().optional(),
    why: z.string().optional(),
    /** emitted: what software printed, verbatim; restated: a person's report in our words; mixed: both. */
    form: z.enum(['emitted', 'restated', 'mixed']).optional(),
    /** The collection round that found it (knowledge/examples/README.md). Each round is judged
     *  before anyone reads it; npm run eval -- --forward replays the rounds in that order. */
    round: z.number().int().min(1).optional(),
    /** feedback: an agent picked this label for a paste (kb feedback export wrote it); never with a source. */
    origin: z.literal('feedback').optional(),
    /** When the agent picked it (ISO-8601 date or time). */
    recorded: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, 'recorded is an ISO date, e.g. 2025-03-14')
      .optional(),
    /** false until a person has read it; kb lint lists feedback examples that are not reviewed. */
    reviewed: z.boolean().optional(),
  })
  .strict();

export const examplesFileSchema = z
  .object({ label: z.string().min(1), examples: z.array(exampleItemSchema).min(1) })
  .strict();

/** An example with its label and where it is declared, as the build and the checks use it. */
export const labelledExampleSchema = exampleItemSchema.extend({
  label: z.string(),
  /** Examples of one group are never split between training and testing. */
  group: z.string(),
  file: z.string(),
  line: z.number().int(),
  /** How much it counts in the fit; text derived from an article's own wording counts less. */
  weight: z.number().positive().optional(),
  /** Made by the build from an article's wording or quotes: no claim about a paste, so lint does
   *  not hold it against other examples and it does not count as the entry's pastes. */
  derived: z.literal(true).optional(),
});

/** Concept name -> phrases that express it (knowledge/vocabulary.yml). */
export const vocabularySchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/),
  z.array(z.string().trim().min(1)).min(1),
);

export const knowledgeIndexSchema = z.object({
  version: z.literal(1),
  /** Hash of the source files the index was built from; a different hash means it is stale. */
  sourceHash: z.string(),
  entries: z.array(entrySchema),
  providers: z.array(providerSchema),
  abstainRules: z.array(abstainRuleSchema),
  examples: z.array(labelledExampleSchema),
  vocabulary: vocabularySchema,
  /** Files and entries that did not build, with why; the rest of the index answers without them. */
  leftOut: z.array(leftOutSchema).default([]),
  model: fittedModelSchema,
});

export type MatchRules = z.infer<typeof matchRulesSchema>;
export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;
export type EntrySections = z.infer<typeof entrySectionsSchema>;
export type KnowledgeEntry = z.infer<typeof entrySchema>;
export type Provider = z.infer<typeof providerSchema>;
export type AbstainRule = z.infer<typeof abstainRuleSchema>;
export type KnowledgeIndex = z.infer<typeof knowledgeIndexSchema>;
export type Vocabulary = z.infer<typeof vocabularySchema>;
export type LabelledExample = z.infer<typeof labelledExampleSchema>;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type LeftOut = z.infer<typeof leftOutSchema>;
/** What the knowledge files declare, before the model is fitted. */
export type KnowledgeSources = Omit<KnowledgeIndex, 'model'>;
