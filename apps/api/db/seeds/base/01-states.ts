import type { Knex } from 'knex';
import { STATES } from '../../../src/db/states';

/** Needed in every environment. Upsert, so running it again (every deploy) is harmless. */
export async function seed(knex: Knex): Promise<void> {
  await knex('states').insert(STATES).onConflict('id').merge(['name']);
  console.log(`base seed: ${STATES.length} states`);
}
