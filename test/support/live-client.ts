import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@jifen/shared';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  event: keyof ServerToClientEvents;
  /** Every message but `notification` carries a seq. */
  msg: { seq: number } & Record<string, unknown>;
}

/** A live client that records every message, for asserting on what a wall would see. */
export class LiveClient {
  readonly socket: LiveSocket;
  readonly received: Received[] = [];

  constructor(url: string, token: string, auth: Record<string, unknown> = {}) {
    this.socket = io(url + LIVE_NAMESPACE, {
      auth: { token, ...auth },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    // One recorder for every event; the typed map has a different payload per event.
    const untyped = this.socket as unknown as { on(e: string, f: (m: Received['msg']) => void): void };
    for (const event of [
      'hello',
      'snapshot',
      'score.changed',
      'leaderboard',
      'alert.raised',
      'alert.updated',
      'notification',
      'rates',
      'wall.config',
      'publication.published',
    ] as const) {
      untyped.on(event, (msg) => this.received.push({ event, msg }));
    }
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  of(event: keyof ServerToClientEvents) {
    return this.received.filter((r) => r.event === event).map((r) => r.msg);
  }

  /** Waits until a message matching the predicate has arrived. */
  async waitFor(
    event: keyof ServerToClientEvents,
    pred: (msg: Received['msg']) => boolean = () => true,
    timeoutMs = 5000,
  ) {
    const start = Date.now();
    for (;;) {
      const hit = this.of(event).find(pred);
      if (hit) return hit;
      if (Date.now() - start > timeoutMs)
        throw new Error(
          `no ${event} within ${timeoutMs} ms; got ${this.received.map((r) => r.event).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}
