import type { Role } from '@jifen/shared';

/** Who is calling: a logged-in person or a kiosk/source-system token. */
export interface Principal {
  kind: 'user' | 'token';
  id: string;
  /** Username, or the token's label: what the audit log and history show. */
  name: string;
  role: Role;
  /** Root of the caller's scope; null = the whole organisation (admins). */
  unitCode: string | null;
  badgeNo: string | null;
  /** The login a session JWT belongs to and its generation (set for people only). */
  session?: { id: string; generation: number };
}

export const SYSTEM_ACTOR = 'system';
