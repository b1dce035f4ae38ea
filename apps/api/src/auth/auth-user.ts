export type Role = 'state-staff' | 'admin';

/** The signed-in caller, as routes see it. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  stateId: string;
  role: Role;
  sessionId: string;
}
