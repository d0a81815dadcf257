import { initialsOf, maskedName, type PrivacyMode, type ServerToClientEvents } from '@jifen/shared';

/**
 * Privacy mode for walls the public can see (DESIGN.md "The screens"): people are shown by
 * badge number or by initials, never by name. Masking happens on the server, so a privacy
 * wall's token never receives a name at all.
 */

/** Fields holding a login name (supervisors, administrators): people too. `system` stays. */
const USER_FIELDS = new Set(['ackBy', 'by', 'createdBy', 'decidedBy', 'updatedBy', 'actor']);
/** Free text written by people may name anyone: a privacy wall gets none of it. */
const TEXT_FIELDS = new Set(['note', 'reason']);

/** Plain JSON objects only: a Buffer or a Date is not walked into. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Masks every person in a JSON value: any object with a `badgeNo` and a `name` is an
 * officer; login names and free text are masked or dropped. Units keep their names (a
 * unit is not a person). Returns a copy; the input is left as it was.
 */
export function maskPeople<T>(value: T, mode: PrivacyMode): T {
  if (mode === 'off') return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    const officer = typeof v.badgeNo === 'string' && typeof v.name === 'string';
    for (const [k, x] of Object.entries(v)) {
      if (officer && k === 'name') out[k] = maskedName(x as string, v.badgeNo as string, mode);
      else if (USER_FIELDS.has(k) && typeof x === 'string') out[k] = x === 'system' ? x : initialsOf(x);
      else if (TEXT_FIELDS.has(k) && typeof x === 'string') out[k] = null;
      else out[k] = walk(x);
    }
    return out;
  };
  return walk(value) as T;
}

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];
const same = <T>(msg: T): T => msg;

/**
 * What each live message carries of people. Exhaustive on purpose: a new message type does
 * not compile until someone decides how a privacy wall receives it.
 */
const LIVE_MASKS: { [E in keyof ServerToClientEvents]: (msg: Payload<E>, mode: PrivacyMode) => Payload<E> } =
  {
    hello: same,
    snapshot: maskPeople,
    'score.changed': maskPeople,
    leaderboard: maskPeople,
    'alert.raised': maskPeople,
    'alert.updated': maskPeople,
    rates: same,
    'wall.config': same,
    // Kind, period and version: no one named.
    'publication.published': same,
    // Only ever sent to a person's own inbox, never to a wall; masked all the same.
    notification: maskPeople,
  };

/** A live message as a wall in privacy mode `mode` may receive it. */
export function maskLiveMessage<E extends keyof ServerToClientEvents>(
  event: E,
  msg: Payload<E>,
  mode: PrivacyMode,
): Payload<E> {
  return mode === 'off' ? msg : LIVE_MASKS[event](msg, mode);
}
