import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { StateDatabase } from './schema.ts';

/** Migrations are code, written once with Kysely's schema builder so they run on SQLite and PostgreSQL. */
function migrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
  '0001_foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('write_key', 'text', (c) => c.unique())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      // On SQLite the inbox is its own database file (see state-store.ts), created at open.
      if (dialect === 'postgres') {
        await db.schema
          .createTable('inbox')
          .addColumn('seq', 'bigserial', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('consumer_positions')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('message_ids')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('message_ids_pk', ['workspace_id', 'message_id'])
        .execute();
      await db.schema
        .createTable('profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('traits', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addColumn('event_count', 'integer', (c) => c.notNull())
        .addColumn('merged_into', 'text')
        .addColumn('user_id', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('profiles_last_seen').on('profiles').columns(['workspace_id', 'last_seen']).execute();
      await db.schema
        .createTable('identities')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('identities_pk', ['workspace_id', 'value', 'kind'])
        .execute();
      await db.schema.createIndex('identities_profile').on('identities').column('profile_id').execute();
      await db.schema
        .createTable('profile_merges')
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('from_profile', 'text', (c) => c.notNull())
        .addColumn('to_profile', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('profile_merges_seq').on('profile_merges').column('seq').execute();
      await db.schema
        .createTable('accounts')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('traits', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('accounts_pk', ['workspace_id', 'group_id'])
        .execute();
      await db.schema
        .createTable('profile_accounts')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('profile_accounts_pk', ['workspace_id', 'profile_id', 'group_id'])
        .execute();
    },
  },
  '0002_journeys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('journeys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('published_version', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('journeys_workspace').on('journeys').columns(['workspace_id', 'updated_at']).execute();
      await db.schema
        .createTable('journey_versions')
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('journey_versions_pk', ['journey_id', 'version'])
        .execute();
    },
  },
  '0003_reports': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_workspace').on('reports').columns(['workspace_id', 'updated_at']).execute();
    },
  },
  };
}

class CodeMigrations implements MigrationProvider {
  constructor(private readonly dialect: 'sqlite' | 'postgres') {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/**
 * Brings the state store to the latest schema; throws with the failing migration's name. On PostgreSQL
 * with a `pgSchema`, Kysely must be told it: its check for the migration tables looks in every schema.
 */
export async function migrateState(db: Kysely<StateDatabase>, dialect: 'sqlite' | 'postgres', pgSchema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new CodeMigrations(dialect),
    migrationTableName: 'kundresa_migrations',
    migrationLockTableName: 'kundresa_migrations_lock',
    ...(dialect === 'postgres' && pgSchema ? { migrationTableSchema: pgSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`State store migration ${failed} failed: ${String(error)}`);
  }
}
