import type { Knex } from 'knex';

/** How long the highest stored cost is trusted before it is read again (in the background). */
const REFRESH_MS = 60_000;

interface HighestStoredCost {
  iterations: number;
  readAt: number;
  refreshing?: Promise<void>;
}

const cache = new WeakMap<Knex, HighestStoredCost>();

/**
 * The PBKDF2 cost every login attempt spends, whatever its outcome: the configured cost, or the
 * highest cost a stored hash still has when that is higher (PBKDF2_ITERATIONS was lowered and
 * not every user has signed in since). Checking a cheaper stored hash is topped up to this, and
 * unknown emails and locked accounts burn exactly this, so timing cannot tell them apart.
 */
export async function loginCost(db: Knex, configuredIterations: number): Promise<number> {
  let entry = cache.get(db);
  if (!entry) {
    entry = { iterations: await readHighestStoredCost(db).catch(() => 0), readAt: Date.now() };
    cache.set(db, entry);
  } else if (Date.now() - entry.readAt > REFRESH_MS && !entry.refreshing) {
    const current = entry;
    current.refreshing = readHighestStoredCost(db)
      .then((iterations) => void (current.iterations = iterations), () => undefined)
      .finally(() => {
        current.readAt = Date.now();
        current.refreshing = undefined;
      });
  }
  return Math.max(configuredIterations, entry.iterations);
}

async function readHighestStoredCost(db: Knex): Promise<number> {
  // "pbkdf2$sha512$<iterations>$…": at most 9 digits, so the cast can never overflow.
  const row = await db('users')
    .whereRaw(`password_hash ~ '^pbkdf2\\$sha512\\$[0-9]{1,9}\\$'`)
    .first(db.raw(`max(split_part(password_hash, '$', 3)::int) as iterations`));
  return Number(row?.['iterations'] ?? 0);
}
