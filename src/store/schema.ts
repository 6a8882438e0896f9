// Row shapes as stored. Times are ISO-8601 UTC strings: they sort and compare the same way
// in SQLite and PostgreSQL, and survive both drivers unchanged (PostgreSQL's bigint would
// come back as a string). Ids are application-made UUIDs for the same reason.

export interface ConnectionsTable {
  id: string;
  /** Lower-cased email or company domain, as the support desk knows the customer. */
  customer_key: string;
  tenant_id: string;
  tenant_name: string | null;
  /** JSON array of {tenantId, tenantName} the grant reached when last seen. */
  tenants_json: string;
  client_id: string;
  client_secret_sealed: string;
  token_set_sealed: string;
  ownership: 'owned' | 'shared';
  /** Plain copy of the access token expiry, so the keeper can schedule without decrypting. */
  access_expires_at: string | null;
  /** Bumped on every token write; writers compare it so a stale refresh cannot overwrite. */
  token_version: number;
  refresh_lease_owner: string | null;
  refresh_lease_until: string | null;
  health: 'healthy' | 'broken' | null;
  last_verdict: string | null;
  last_probed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProbeRunsTable {
  id: string;
  connection_id: string | null;
  customer_key: string;
  verdict: string;
  entry: string | null;
  checks_json: string;
  started_at: string;
  duration_ms: number;
}

/**
 * What happened to a connection: health changes worth telling people about, and every time its
 * credentials were connected or replaced (the audit trail). `delivered_at` lets Slack/Freshdesk
 * claim them later; only `became-broken` is ever announced.
 */
export interface ConnectionEventsTable {
  id: string;
  connection_id: string;
  customer_key: string;
  kind:
    | 'became-broken'
    | 'became-healthy'
    | 'connected'
    /** Same organisation, same ownership, through a connect link: went through unasked. */
    | 'reconnected'
    /** A connect that would replace the connection was held for an agent to confirm. */
    | 'replacement-pending'
    /** The connection's credentials were replaced (an agent confirmed, or `connections add`). */
    | 'replaced'
    | 'replacement-discarded';
  verdict: string;
  entry: string | null;
  /** For replacements: what was replaced by what, and who decided (added in 0004). */
  detail: string | null;
  created_at: string;
  delivered_at: string | null;
}

/**
 * A connection that arrived through a connect link but would replace the customer's stored
 * one, kept sealed (like connections) until an agent confirms or discards it. One per customer.
 */
export interface PendingConnectionsTable {
  id: string;
  customer_key: string;
  tenant_id: string;
  tenant_name: string | null;
  tenants_json: string;
  client_id: string;
  client_secret_sealed: string;
  token_set_sealed: string;
  ownership: 'owned' | 'shared';
  /** The stored connection it would replace, as it was when this arrived. */
  replaces_connection_id: string;
  replaces_customer_key: string;
  replaces_tenant_id: string;
  replaces_tenant_name: string | null;
  replaces_ownership: 'owned' | 'shared';
  created_at: string;
}

/** One row per connect-flow attempt in flight: the OAuth state, hashed, and whose it is. */
export interface OauthStatesTable {
  state_hash: string;
  customer_key: string;
  created_at: string;
  expires_at: string;
}

/** Small settings the store keeps about itself (e.g. the key check value). */
export interface StoreMetaTable {
  name: string;
  value: string;
}

/** Every question a surface diagnosed, its paste redacted of credentials; the gaps come from here. */
export interface LookupsTable {
  id: string;
  surface: 'slack' | 'freshdesk' | 'web' | 'cli';
  paste: string;
  entry: string | null;
  /** Abstain reason, or null for an answer. */
  reason: string | null;
  /** Confidence in thousandths, so both dialects store a plain integer. */
  confidence_pm: number;
  asked_by: string | null;
  created_at: string;
}

/** One vote per person per answer; voting again replaces the earlier vote. */
export interface FeedbackTable {
  lookup_id: string;
  voter: string;
  entry: string | null;
  vote: 'up' | 'down';
  created_at: string;
}

/** First writer wins: a row here means "done (or being done) once, by owner". */
export interface ClaimsTable {
  key: string;
  owner: string;
  created_at: string;
}

/** Work that must not be lost: stored before it is acknowledged, retried until done or dead. */
export interface JobsTable {
  id: string;
  kind: string;
  /** One job per key (e.g. one Freshdesk answer per ticket), whoever enqueues it. */
  dedupe_key: string;
  payload_json: string;
  state: 'queued' | 'running' | 'done' | 'dead';
  attempts: number;
  run_after: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** Steps already carried out, so a retried job skips them. */
  progress_json: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Named positions, e.g. how far the Freshdesk poller has read. */
export interface CursorsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** Who holds a singleton task (e.g. "keeper") and until when; an expired lease is free. */
export interface LeasesTable {
  name: string;
  owner: string;
  until: string;
}

/** Requests counted against a throttle (sign-in failures per client) until `resets_at`. */
export interface ThrottleCountsTable {
  key: string;
  hits: number;
  resets_at: string;
}

export interface Database {
  connections: ConnectionsTable;
  probe_runs: ProbeRunsTable;
  connection_events: ConnectionEventsTable;
  pending_connections: PendingConnectionsTable;
  oauth_states: OauthStatesTable;
  store_meta: StoreMetaTable;
  lookups: LookupsTable;
  feedback: FeedbackTable;
  claims: ClaimsTable;
  jobs: JobsTable;
  cursors: CursorsTable;
  leases: LeasesTable;
  throttle_counts: ThrottleCountsTable;
  gap_articles: GapArticlesTable;
  feedback_examples: FeedbackExamplesTable;
}

/**
 * A knowledge gap someone turned into an article (added in 0005): the unanswered question, the
 * entry written for it, and who said so. One per question; marking again moves the link.
 */
export interface GapArticlesTable {
  lookup_id: string;
  entry: string;
  marked_by: string | null;
  created_at: string;
}

/**
 * The label an agent picked for a paste (added in 0007): an entry id or a near-miss class, or
 * null for "none of these". One per question; picking again replaces it and it is exported anew.
 */
export interface FeedbackExamplesTable {
  lookup_id: string;
  label: string | null;
  chosen_by: string;
  surface: 'slack' | 'console';
  /** The question's paste, redacted and capped again: this copy is what reaches knowledge/. */
  paste: string;
  created_at: string;
  /** When kb feedback export wrote it to knowledge/examples/feedback/; null until then. */
  exported_at: string | null;
}
