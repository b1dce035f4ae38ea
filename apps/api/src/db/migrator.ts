import type { Knex } from 'knex';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SEED_SETS = ['base', 'development', 'test'] as const;
export type SeedSet = (typeof SEED_SETS)[number];

/**
 * Where migrations and seeds are: next to the built entry (`migrations/*.js`, `seeds/<set>/*.js`
 * in dist/apps/api) or, from source under Jest, `apps/api/db` as TypeScript.
 */
export interface DbFiles {
  migrationsDirectory: string;
  seedsDirectory: string;
  extension: '.js' | '.ts';
}

export function builtDbFiles(outputDirectory: string): DbFiles {
  return { migrationsDirectory: join(outputDirectory, 'migrations'), seedsDirectory: join(outputDirectory, 'seeds'), extension: '.js' };
}

export function sourceDbFiles(apiRoot: string): DbFiles {
  return { migrationsDirectory: join(apiRoot, 'db', 'migrations'), seedsDirectory: join(apiRoot, 'db', 'seeds'), extension: '.ts' };
}

/**
 * Migrations the database has run that this release does not ship: the database is ahead of
 * the code. That is what `api:rollback` meets after a release that added a migration.
 */
export async function migrationsAheadOfRelease(db: Knex, files: DbFiles): Promise<string[]> {
  if (!(await db.schema.hasTable('knex_migrations'))) return [];
  const shipped = new Set(existsSync(files.migrationsDirectory) ? readdirSync(files.migrationsDirectory) : []);
  const done = (await db('knex_migrations').select('name').orderBy('id')) as Array<{ name: string }>;
  return done.map((r) => r.name).filter((name) => !shipped.has(name));
}

/**
 * Runs migrations to latest; returns the names that ran (empty when up to date).
 *
 * When the database is ahead of this release (a rollback to the release before a schema
 * change), knex would refuse with "migration directory is corrupt" and the older release could
 * never boot. Migrations are written expand-only (add, never drop or rename in the same release),
 * so the older code runs against the newer schema: we report the unknown migrations through
 * `warn` and let knex skip its list validation. Pending migrations of this release still run.
 */
export async function migrateToLatest(db: Knex, files: DbFiles, warn: (message: string) => void = console.warn): Promise<string[]> {
  const ahead = await migrationsAheadOfRelease(db, files);
  if (ahead.length) {
    warn(
      `The database has ${ahead.length} migration(s) this release does not ship (${ahead.join(', ')}): ` +
        'it was migrated by a newer release. Continuing without undoing them (rollback to an older release).',
    );
  }
  const [, ran] = (await db.migrate.latest({
    directory: files.migrationsDirectory,
    loadExtensions: [files.extension],
    disableMigrationsListValidation: ahead.length > 0,
  })) as [number, string[]];
  return ran;
}

/** Runs every seed file of one set, in file-name order. Seeds are written to be re-runnable. */
export async function runSeeds(db: Knex, files: DbFiles, set: SeedSet): Promise<string[]> {
  const directory = join(files.seedsDirectory, set);
  if (!existsSync(directory)) throw new Error(`No seed set "${set}" at ${directory}`);
  const [ran] = (await db.seed.run({ directory, loadExtensions: [files.extension] })) as [string[]];
  return ran;
}
