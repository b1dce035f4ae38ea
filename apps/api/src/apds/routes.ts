import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps';
import { listableStates, stateForNewApd } from '../auth/access';
import { listFileKeys } from '../files/files-repo';
import { err, INVALID, NOT_FOUND, UNAUTHENTICATED } from '../http/common-schemas';
import { badRequest, conflict, notFound } from '../http/errors';
import { defineReadRoute, defineRoute, JsonText, type Route } from '../http/route';
import { deleteApd, findApd, insertApd, updateApd } from './apds-repo';
import { ListPageCache } from './list-page-cache';
import { loadAccessibleApd, toApdDto } from './load-apd';
import {
  apdIdParamsSchema,
  apdListSchema,
  apdSchema,
  budgetYearProblems,
  createApdBodySchema,
  listApdsQuerySchema,
  patchApdBodySchema,
  type ApdDocument,
} from './schemas';

const tag = 'apds';

export function apdRoutes(deps: AppDeps): Route[] {
  // One per app: like another instance, a second app on the same database keeps its own.
  const listPages = new ListPageCache();
  return [
    defineReadRoute(
      {
        method: 'get', path: '/apds', operationId: 'listApds', tag, auth: true,
        summary: 'List APDs of the caller\'s state (admins: every state, or filter by state)',
        query: listApdsQuerySchema,
        responses: { 200: { description: 'A page of APDs, latest change first; `next` leads to the following page.', schema: apdListSchema }, 400: INVALID, 401: UNAUTHENTICATED },
      },
      async ({ query, user, stateListVersion }) =>
        new JsonText(
          await listPages.body(
            deps.db,
            { ...query, states: listableStates(user, query.state) },
            (page) =>
              `{"items":${page.itemsJson},"total":${page.total},"totalExact":${page.totalExact},"limit":${query.limit},"offset":${query.offset},"next":${JSON.stringify(page.next)}}`,
            { stateId: user.stateId, listVersion: stateListVersion },
          ),
        ),
    ),
    defineRoute(
      {
        method: 'post', path: '/apds', operationId: 'createApd', tag, auth: true,
        summary: 'Create an APD',
        body: createApdBodySchema,
        responses: { 201: { description: 'Created.', schema: apdSchema }, 400: INVALID, 401: UNAUTHENTICATED, 403: err('Staff may only create APDs for their own state.') },
      },
      async ({ res, body, user }) => {
        const { state, ...document } = body;
        const stateId = stateForNewApd(user, state);
        if (!stateId) throw badRequest('The request body is invalid.', [{ path: 'body.state', message: 'Staff can only create APDs for their own state.' }]);
        rejectBudgetYears(document);
        const apd = await insertApd(deps.db, { id: randomUUID(), stateId, document, createdBy: user.id, now: deps.clock() });
        res.status(201).location(`/api/apds/${apd.id}`).json(toApdDto(apd));
      },
    ),
    defineReadRoute(
      {
        method: 'get', path: '/apds/:id', operationId: 'getApd', tag, auth: true,
        summary: 'One APD',
        params: apdIdParamsSchema,
        responses: { 200: { description: 'The APD.', schema: apdSchema }, 400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND },
      },
      async ({ params, user }) => toApdDto(await loadAccessibleApd(deps.db, user, params.id)),
    ),
    defineRoute(
      {
        method: 'patch', path: '/apds/:id', operationId: 'updateApd', tag, auth: true,
        summary: 'Change an APD (optimistic concurrency: send the version you read)',
        params: apdIdParamsSchema,
        body: patchApdBodySchema,
        responses: {
          200: { description: 'Updated; `version` went up by one.', schema: apdSchema },
          400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND,
          409: err('Someone changed the APD since you read it: reload and apply your change again.'),
        },
      },
      async ({ res, params, body, user }) => {
        const current = await loadAccessibleApd(deps.db, user, params.id);
        const { version, ...changes } = body;
        const document: ApdDocument = { ...current.document, ...changes };
        rejectBudgetYears(document);
        const updated = await updateApd(deps.db, current.id, version, document, deps.clock());
        if (!updated) {
          const latest = await findApd(deps.db, current.id);
          if (!latest) throw notFound('No APD with this id.');
          throw conflict(`This APD is at version ${latest.version}, not ${version}: someone changed it since you read it. Reload it and apply your change again.`);
        }
        res.json(toApdDto(updated));
      },
    ),
    defineRoute(
      {
        method: 'delete', path: '/apds/:id', operationId: 'deleteApd', tag, auth: true,
        summary: 'Delete an APD and its files',
        params: apdIdParamsSchema,
        responses: { 204: { description: 'Deleted.' }, 400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND },
      },
      async ({ res, params, user }) => {
        const apd = await loadAccessibleApd(deps.db, user, params.id);
        const keys = await listFileKeys(deps.db, apd.id);
        await deleteApd(deps.db, apd.id); // file rows go with it (ON DELETE CASCADE)
        for (const key of keys) {
          // Rows are gone, so a leftover object is unreachable; log rather than fail the delete.
          await deps.fileStore.delete(key).catch((e) => deps.logger.warn({ err: e, key }, 'could not delete stored file'));
        }
        res.status(204).end();
      },
    ),
  ];
}

function rejectBudgetYears(document: ApdDocument): void {
  const problems = budgetYearProblems(document);
  if (problems.length) throw badRequest('The request body is invalid.', problems);
}
