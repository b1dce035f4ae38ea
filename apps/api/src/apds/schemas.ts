import { z } from 'zod';
import { STATE_IDS } from '../db/states';
import { decodeListCursor } from './list-cursor';
import { LIST_TOTAL_LIMIT } from './list-apds';

export const stateIdSchema = z.enum(STATE_IDS as [string, ...string[]]).meta({ description: 'Lower-case postal code, e.g. "ak".' });
const yearSchema = z.number().int().min(2000).max(2100);
/** Largest version a PATCH may name: one less than PostgreSQL's integer maximum. */
export const MAX_VERSION = 2_147_483_646;

export const budgetLineSchema = z.strictObject({
  year: yearSchema,
  category: z.string().trim().min(1).max(100),
  federalSharePercent: z.number().min(0).max(100),
  amountCents: z.number().int().min(0).max(1e13),
});

export const activitySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10000).default(''),
  budget: z.array(budgetLineSchema).max(200).default([]),
});

const nameSchema = z.string().trim().min(1).max(200);
const yearsSchema = z
  .array(yearSchema)
  .min(1)
  .max(10)
  .refine((years) => new Set(years).size === years.length, 'Years must not repeat.');
const summarySchema = z.string().max(20000);
const activitiesSchema = z.array(activitySchema).max(100);

export const createApdBodySchema = z.strictObject({
  name: nameSchema,
  years: yearsSchema,
  summary: summarySchema.default(''),
  activities: activitiesSchema.default([]),
  state: stateIdSchema.optional().meta({ description: 'Admins only; staff always create in their own state.' }),
});

export const patchApdBodySchema = z
  .strictObject({
    // The column is a PostgreSQL integer and a change stores version + 1.
    version: z.number().int().min(1).max(MAX_VERSION).meta({ description: 'The version you last read; a stale one gets 409.' }),
    name: nameSchema.optional(),
    years: yearsSchema.optional(),
    summary: summarySchema.optional(),
    activities: activitiesSchema.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), 'Change at least one field besides version.');

export const apdIdParamsSchema = z.strictObject({ id: z.uuid() });

export const listApdsQuerySchema = z.strictObject({
  state: stateIdSchema.optional().meta({ description: 'Admins: filter by state. Staff only ever see their own.' }),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Case-insensitive substring of the name.' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100000).default(0).meta({ description: 'Rows to skip. Deep offsets are slow: follow `next` (as `after`) instead.' }),
  after: z
    .string()
    .transform((cursor, ctx) => {
      const position = decodeListCursor(cursor);
      if (!position) ctx.addIssue({ code: 'custom', message: 'Not a cursor from this API: pass the `next` of the previous page as it is.' });
      return position ?? z.NEVER;
    })
    .optional()
    .meta({ description: 'The `next` of the previous page: the page after it, at the same cost however deep.' }),
});

export const apdDocumentSchema = z.object({
  name: z.string(),
  years: z.array(z.number().int()),
  summary: z.string(),
  activities: z.array(activitySchema),
});
export type ApdDocument = z.infer<typeof apdDocumentSchema>;

export const apdSchema = apdDocumentSchema
  .extend({
    id: z.uuid(),
    state: z.string(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Apd' });

export const apdSummarySchema = apdSchema.omit({ summary: true, activities: true }).meta({ id: 'ApdSummary' });

export const apdListSchema = z
  .object({
    items: z.array(apdSummarySchema),
    total: z.number().int().meta({ description: `Matching APDs: exact up to ${LIST_TOTAL_LIMIT}; beyond that ${LIST_TOTAL_LIMIT}, with totalExact false.` }),
    totalExact: z.boolean(),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last page.' }),
  })
  .meta({ id: 'ApdList' });

/** Budget lines must use one of the APD's years. Returns the problems (empty when fine). */
export function budgetYearProblems(doc: Pick<ApdDocument, 'years' | 'activities'>): { path: string; message: string }[] {
  const years = new Set(doc.years);
  return doc.activities.flatMap((activity, a) =>
    activity.budget
      .map((line, l) => ({ line, l }))
      .filter(({ line }) => !years.has(line.year))
      .map(({ l }) => ({ path: `body.activities.${a}.budget.${l}.year`, message: 'Must be one of the APD\'s years.' })),
  );
}
