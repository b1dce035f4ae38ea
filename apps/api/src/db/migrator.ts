import type { Knex } from 'knex';
import { existsSync } from 'node:fs';
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

/** Runs migrations to latest; returns the names that ran (empty when up to date). */
export async function migrateToLatest(db: Knex, files: DbFiles): Promise<string[]> {
  const [, ran] = (await db.migrate.latest({ directory: files.migrationsDirectory, loadExtensions: [files.extension] })) as [number, string[]];
  return ran;
}

/** Runs every seed file of one set, in file-name order. Seeds are written to be re-runnable. */
export async function runSeeds(db: Knex, files: DbFiles, set: SeedSet): Promise<string[]> {
  const directory = join(files.seedsDirectory, set);
  if (!existsSync(directory)) throw new Error(`No seed set "${set}" at ${directory}`);
  const [ran] = (await db.seed.run({ directory, loadExtensions: [files.extension] })) as [string[]];
  return ran;
}
