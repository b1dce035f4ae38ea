import { resolve } from 'node:path';
import { createTestContext, type TestContext } from '../testing/test-context';
import { migrateToLatest, migrationsAheadOfRelease, sourceDbFiles } from './migrator';

describe('migrations when the database is ahead of the release (api:rollback)', () => {
  let ctx: TestContext;
  const files = sourceDbFiles(resolve(__dirname, '../..'));
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('is quiet and runs nothing when the database matches the release', async () => {
    const warn = jest.fn();
    await expect(migrateToLatest(ctx.db, files, warn)).resolves.toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    await expect(migrationsAheadOfRelease(ctx.db, files)).resolves.toEqual([]);
  });

  it('boots an older release against a newer schema, naming the unknown migrations', async () => {
    await ctx.db('knex_migrations').insert({ name: '29990101000000_added_by_a_newer_release.js', batch: 99, migration_time: new Date() });
    const warn = jest.fn();
    await expect(migrateToLatest(ctx.db, files, warn)).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('29990101000000_added_by_a_newer_release.js'));
    // Without the allowance knex refuses outright, which is what made rollbacks fail.
    await expect(
      ctx.db.migrate.latest({ directory: files.migrationsDirectory, loadExtensions: [files.extension] }),
    ).rejects.toThrow(/corrupt/i);
  });
});
