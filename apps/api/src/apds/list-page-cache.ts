import type { Knex } from 'knex';
import type { StateListVersion } from '../auth/authenticate';
import { queryPrepared, type PreparedStatement } from '../db/prepared';
import { listApds, type ApdListFilter, type ApdListPage } from './list-apds';

/** Pages kept at most (FIFO): a page is at most 100 summaries, so this bounds the memory to a few MB. */
export const LIST_PAGE_CACHE_MAX = 256;

const LIST_VERSION: PreparedStatement = {
  name: 'apds-list-version',
  text: `select coalesce((select version from apd_list_versions where state_id = $1::text), 0)::text as version`,
};

interface CachedPage {
  /** The state's list version the page was read with (same snapshot). */
  version: string;
  /** UTF-8: sent many times, encoded once. */
  body: Buffer;
}

/**
 * The response bodies of one-state list pages, each with the state's list version
 * (migration 20261202000000: a trigger on `apds` bumps it in the same transaction as every
 * change to that state's rows, whoever writes). A stored page is sent only when the version,
 * read for this very request (in the same pipelined write as its session check), is still the
 * one the page was read with: then no change to that state has committed since, and the
 * query would return the same page. For the caller's own state the session check's statement
 * reads the version (auth/sessions-repo.ts); for another (an admin's `?state=`) a statement
 * of its own does, in the same pipelined write. Otherwise the page is queried again and replaces it.
 *
 * So there is no invalidation message to miss and no window after a commit (on this instance,
 * on another, or from psql) in which an old page could be sent. The session check is not
 * affected: it still runs on every request. Lists of every state at once (admins without
 * `state`) are not stored: any state's change would move them.
 */
export class ListPageCache {
  private readonly pages = new Map<string, CachedPage>();

  constructor(private readonly maxPages = LIST_PAGE_CACHE_MAX) {}

  /**
   * The body of the page for `filter`, made by `render` from a fresh page or taken from the
   * cache. `caller` is the state the token names and the version the session check read for
   * the user's state: when the list is of that state (staff always), that check alone
   * validates a stored page, with no statement of its own.
   */
  async body(db: Knex, filter: ApdListFilter, render: (page: ApdListPage) => string, caller?: { stateId: string; listVersion: () => Promise<StateListVersion> }): Promise<string | Buffer> {
    if (filter.states === 'all' || filter.states.length === 0) return render(await listApds(db, filter));
    const state = filter.states[0];
    const key = JSON.stringify([state, filter.year ?? null, filter.q ?? null, filter.limit, filter.offset, filter.after?.updatedAt ?? null, filter.after?.id ?? null]);
    const cached = this.pages.get(key);
    if (cached) {
      const own = caller?.stateId === state ? await caller.listVersion() : undefined;
      // The user's state may have changed since the token was signed (the request is then a 401 anyway).
      const version = own?.stateId === state ? own.version : (await queryPrepared<{ version: string }>(db, LIST_VERSION, [state]))[0].version;
      if (version === cached.version) return cached.body;
    }
    const page = await listApds(db, filter);
    const body = Buffer.from(render(page), 'utf8');
    if (page.version !== null) this.store(key, { version: page.version, body });
    return body;
  }

  /** Pages stored now (for tests). */
  get size(): number {
    return this.pages.size;
  }

  private store(key: string, page: CachedPage): void {
    const current = this.pages.get(key);
    // Versions only go up: a slower read that saw an older one must not replace a newer page.
    if (current && BigInt(current.version) > BigInt(page.version)) return;
    if (!current && this.pages.size >= this.maxPages) this.pages.delete(this.pages.keys().next().value as string);
    this.pages.set(key, page);
  }
}
