import type { Generated } from 'kysely';

/** Kysely table types of the state store; identical on SQLite and PostgreSQL. Times are epoch ms. */
export interface StateDatabase {
  workspaces: { id: string; name: string; created_at: number };
  api_keys: {
    id: string;
    workspace_id: string;
    kind: 'write' | 'admin';
    name: string;
    /** Write keys are public by nature (they ship in browser snippets), so they are kept readable. */
    write_key: string | null;
    /** Admin tokens are kept as SHA-256 only. */
    token_hash: string;
    token_prefix: string;
    created_at: number;
    revoked_at: number | null;
  };
  /** Append-only inbox: every acknowledged call, durable before the 2xx answer. */
  inbox: {
    seq: Generated<number>;
    workspace_id: string;
    received_at: number;
    payload: string;
  };
  consumer_positions: { name: string; position: number };
  /** First inbox position of each messageId: later copies are duplicates. */
  message_ids: { workspace_id: string; message_id: string; seq: number };
  profiles: {
    id: string;
    workspace_id: string;
    traits: string;
    first_seen: number;
    last_seen: number;
    event_count: number;
    merged_into: string | null;
    user_id: string | null;
    search_text: string;
  };
  identities: { workspace_id: string; kind: 'user' | 'anonymous'; value: string; profile_id: string; created_at: number };
  /** Every merge, keyed by the inbox position that caused it, so the event store can replay it. */
  profile_merges: { seq: number; workspace_id: string; from_profile: string; to_profile: string };
  accounts: { workspace_id: string; group_id: string; traits: string; first_seen: number; last_seen: number };
  profile_accounts: { workspace_id: string; profile_id: string; group_id: string };
  /** Journey maps: the draft definition (JSON) and the version analytics use. */
  journeys: {
    id: string;
    workspace_id: string;
    name: string;
    description: string;
    owner: string;
    locale: string;
    definition: string;
    published_version: number | null;
    created_at: number;
    updated_at: number;
  };
  /** Published versions: immutable frozen definitions. */
  journey_versions: { journey_id: string; version: number; name: string; definition: string; published_at: number };
  /** Saved explorer reports: a named query of one kind (JSON), opened by link. */
  reports: { id: string; workspace_id: string; name: string; kind: string; query: string; created_at: number; updated_at: number };
}
