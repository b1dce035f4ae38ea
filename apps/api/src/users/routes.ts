import { z } from 'zod';
import { toUserDto, userSchema } from '../auth/schemas';
import { UNAUTHENTICATED } from '../http/common-schemas';
import { defineRoute, type Route } from '../http/route';

export function userRoutes(): Route[] {
  return [
    defineRoute(
      {
        method: 'get', path: '/me', operationId: 'getMe', tag: 'auth', auth: true,
        summary: 'The signed-in user',
        responses: { 200: { description: 'The user.', schema: z.object({ user: userSchema }) }, 401: UNAUTHENTICATED },
      },
      async ({ res, user }) => {
        res.json({ user: toUserDto(user) });
      },
    ),
  ];
}
