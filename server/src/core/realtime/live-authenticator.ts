import type { PrivacyMode, Role } from '@jifen/shared';

export interface LivePrincipal {
  name: string;
  role: Role;
  unitCode: string | null;
  badgeNo: string | null;
  /** Materialised path of the scope (`/` for the whole organisation), to filter replays. */
  scopePath: string;
  /** The display or ingest token's id; null for a person. */
  tokenId: string | null;
  /** How people are shown to this socket: a public wall's token masks names (set by the live server). */
  privacy: PrivacyMode;
}

/** Resolves a handshake token; implemented by the auth module. Throws with a message on refusal. */
export abstract class LiveAuthenticator {
  abstract authenticate(token: string | undefined): Promise<LivePrincipal>;
}
