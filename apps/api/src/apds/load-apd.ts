import type { Knex } from 'knex';
import { canAccessState } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { notFound } from '../http/errors';
import { findApd, type ApdRow } from './apds-repo';

/** The APD if it exists AND the caller may see it; otherwise the same 404 either way. */
export async function loadAccessibleApd(db: Knex, user: Pick<AuthUser, 'role' | 'stateId'>, id: string): Promise<ApdRow> {
  const apd = await findApd(db, id);
  if (!apd || !canAccessState(user, apd.stateId)) throw notFound('No APD with this id.');
  return apd;
}

export function toApdDto(apd: ApdRow) {
  return {
    id: apd.id,
    state: apd.stateId,
    ...apd.document,
    version: apd.version,
    createdAt: apd.createdAt.toISOString(),
    updatedAt: apd.updatedAt.toISOString(),
  };
}
