import { z } from 'zod';

export const roleSchema = z.enum(['state-staff', 'admin']);

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    state: z.string().meta({ description: 'Lower-case postal code of the user\'s state, e.g. "ak".' }),
    role: roleSchema,
  })
  .meta({ id: 'User' });

export const loginBodySchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

export const oktaBodySchema = z.strictObject({
  accessToken: z.string().min(1).max(8192).meta({ description: 'An Okta access token for this API\'s audience.' }),
});

export const sessionSchema = z
  .object({
    token: z.string().meta({ description: 'Send as "Authorization: Bearer <token>".' }),
    expiresAt: z.iso.datetime(),
    user: userSchema,
  })
  .meta({ id: 'Session' });

export type UserDto = z.infer<typeof userSchema>;

export function toUserDto(user: { id: string; email: string; name: string; stateId: string; role: 'state-staff' | 'admin' }): UserDto {
  return { id: user.id, email: user.email, name: user.name, state: user.stateId, role: user.role };
}
