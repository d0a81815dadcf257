import type { PrivacyMode } from '@jifen/shared';
import type { Audience } from './live-messages';

/** Room names of the live namespace: one per unit, one for the whole organisation, one per officer. */
export const ROOM_ALL = 'all';
export const unitRoom = (code: string) => `unit:${code}`;
export const officerRoom = (badgeNo: string) => `officer:${badgeNo}`;

/** Privacy modes whose walls get masked copies of every live message (one copy per mode, not per socket). */
export const MASKED_MODES: readonly Exclude<PrivacyMode, 'off'>[] = ['initials', 'badge'];

/** The room a wall in `mode` joins in place of `room`: names never reach it unmasked. */
export const privateRoom = (room: string, mode: PrivacyMode) => (mode === 'off' ? room : `${room}~${mode}`);

/** Every socket of one display token, to reach a wall whose configuration changed. */
export const tokenRoom = (tokenId: string) => `token:${tokenId}`;

/** Every unit room a change in the unit at `unitPath` (`/a/b/c/`) must reach. */
export function roomsForPath(unitPath: string): string[] {
  return [ROOM_ALL, ...unitPath.split('/').filter(Boolean).map(unitRoom)];
}

/** The unit code a unit room stands for; null for the organisation room. */
export function scopeOfRoom(room: string): string | null {
  return room.startsWith('unit:') ? room.slice(5) : null;
}

/** Who a room's messages are for. */
export function audienceOfRoom(room: string, pathOf: (unitCode: string | null) => string): Audience {
  if (room.startsWith('officer:')) return { path: '/', badgeNo: room.slice(8) };
  return { path: pathOf(scopeOfRoom(room)), badgeNo: null };
}
