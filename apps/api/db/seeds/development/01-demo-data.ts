import { loadApiRuntimeConfig } from '@eapd/config';
import type { Knex } from 'knex';
import { hashPassword } from '../../../src/auth/password';
import { DEMO_APDS, DEMO_LOGIN, DEMO_USERS } from '../../../src/db/demo-data';

/**
 * Demo users and APDs for local runs and previews. Re-runnable: existing rows are kept, so
 * a changed password or edited APD survives the next start.
 */
export async function seed(knex: Knex): Promise<void> {
  const { pbkdf2Iterations } = loadApiRuntimeConfig(process.env);
  const passwordHash = await hashPassword(DEMO_LOGIN.password, pbkdf2Iterations);
  await knex('users')
    .insert(DEMO_USERS.map((u) => ({ id: u.id, email: u.email, name: u.name, state_id: u.stateId, role: u.role, password_hash: passwordHash })))
    .onConflict('email')
    .ignore();
  await knex('apds')
    .insert(
      DEMO_APDS.map((a) => ({
        id: a.id,
        state_id: a.stateId,
        name: a.document.name,
        years: a.document.years,
        document: JSON.stringify(a.document),
        created_by: DEMO_USERS[0].id,
      })),
    )
    .onConflict('id')
    .ignore();
  console.log(`development seed: demo login ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (admin: ${DEMO_USERS[1].email}, same password)`);
}
