import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      attemptsRemaining: z
        .number()
        .int()
        .min(0)
        .optional()
        .meta({ description: 'On a wrong password (401 from /auth/login): failed sign-ins left before the account is locked.' }),
    }),
  })
  .meta({ id: 'Error' });

export const err = (description: string) => ({ description, schema: errorSchema });
export const INVALID = err('The input is invalid; `problems` lists each field.');
export const UNAUTHENTICATED = err('No valid session token.');
export const NOT_FOUND = err('Not found, or it belongs to another state.');
