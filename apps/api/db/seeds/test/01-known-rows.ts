import type { Knex } from 'knex';
import { hashPassword } from '../../../src/auth/password';
import { TEST_APDS, TEST_PASSWORD, TEST_SEED_ITERATIONS, TEST_USERS } from '../../../src/db/test-fixtures';

/** Fixed, known rows for the endpoint tests. Replaces what is there: never run it against real data. */
export async function seed(knex: Knex): Promise<void> {
  for (const table of ['files', 'apds', 'sessions', 'login_throttles', 'users']) await knex(table).delete();
  const passwordHash = await hashPassword(TEST_PASSWORD, TEST_SEED_ITERATIONS);
  await knex('users').insert(
    Object.values(TEST_USERS).map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      state_id: u.stateId,
      role: u.role,
      password_hash: u === TEST_USERS.oktaOnly ? null : passwordHash,
    })),
  );
  await knex('apds').insert(
    TEST_APDS.map((a) => ({
      id: a.id,
      state_id: a.stateId,
      name: a.name,
      years: a.years,
      document: JSON.stringify(a.document),
      version: 1,
      created_at: a.updatedAt,
      updated_at: a.updatedAt,
    })),
  );
}
