import { Injectable } from '@nestjs/common';
import type { PrivacyMode, ServerToClientEvents } from '@jifen/shared';
import { privateRoom, tokenRoom } from '../../core/realtime/rooms';
import { maskLiveMessage } from './domain/privacy';
import { WallSettingsService } from './wall-settings.service';

export { MASKED_MODES } from '../../core/realtime/rooms';

/**
 * Who receives a live message, and in which form: the hook through which the live server
 * and the relay keep names away from privacy walls. Where to call it:
 *  - handshake: `privacyOf(tokenId)` for a display token, kept with the socket's principal;
 *  - rooms: a privacy wall joins `room(r, mode)` instead of `r`, plus `tokenRoom(tokenId)`;
 *  - broadcast: for every emit to room `r`, also emit `mask(event, msg, m)` to `room(r, m)`
 *    for each of MASKED_MODES (one masked copy per mode, not per socket);
 *  - snapshot and replay: `mask(event, msg, mode)` with the socket's own mode;
 *  - `wall.config` whose privacy changed: disconnect `tokenRoom(tokenId)` so the wall
 *    reconnects and is resolved again.
 */
@Injectable()
export class LiveAudience {
  constructor(private readonly walls: WallSettingsService) {}

  privacyOf(tokenId: string | null): Promise<PrivacyMode> {
    return this.walls.privacyOf(tokenId);
  }

  mask<E extends keyof ServerToClientEvents>(
    event: E,
    msg: Parameters<ServerToClientEvents[E]>[0],
    mode: PrivacyMode,
  ): Parameters<ServerToClientEvents[E]>[0] {
    return maskLiveMessage(event, msg, mode);
  }

  /** The room a wall in `mode` joins in place of `room`. */
  static room(room: string, mode: PrivacyMode): string {
    return privateRoom(room, mode);
  }

  /** Every socket of one display token, to reach a wall whose configuration changed. */
  static tokenRoom(tokenId: string): string {
    return tokenRoom(tokenId);
  }
}
