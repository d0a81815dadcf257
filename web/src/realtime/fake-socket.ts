import type { LiveSocket } from './live-feed';

type Listener = (...args: unknown[]) => void;

/** A stand-in for a Socket.IO client socket: the test plays the server by emitting. */
export class FakeSocket {
  readonly listeners = new Map<string, Listener[]>();
  readonly managerListeners = new Map<string, Listener[]>();
  disconnected = false;
  auth: (() => Record<string, unknown>) | null = null;

  readonly io = {
    on: (event: string, f: Listener) => this.add(this.managerListeners, event, f),
    off: (event: string, f: Listener) =>
      this.managerListeners.set(
        event,
        (this.managerListeners.get(event) ?? []).filter((x) => x !== f),
      ),
  };

  private add(map: Map<string, Listener[]>, event: string, f: Listener) {
    map.set(event, [...(map.get(event) ?? []), f]);
  }

  on(event: string, f: Listener) {
    this.add(this.listeners, event, f);
    return this;
  }

  removeAllListeners() {
    this.listeners.clear();
    return this;
  }

  disconnect() {
    this.disconnected = true;
    return this;
  }

  /** The server sends `event`. */
  serverSends(event: string, ...args: unknown[]) {
    for (const f of this.listeners.get(event) ?? []) f(...args);
  }

  managerSays(event: string, ...args: unknown[]) {
    for (const f of this.managerListeners.get(event) ?? []) f(...args);
  }

  get listenerCount(): number {
    let n = 0;
    for (const l of [...this.listeners.values(), ...this.managerListeners.values()]) n += l.length;
    return n;
  }

  factory() {
    return (auth: () => Record<string, unknown>) => {
      this.auth = auth;
      return this as unknown as LiveSocket;
    };
  }
}
