import { Injectable } from '@nestjs/common';

type Listener = (tokenId: string) => void;

/**
 * Tells the live server that a token was revoked, so that its open sockets close at once
 * rather than at the next periodic check. A hook rather than a call: the live server
 * authenticates through the auth module, which must not depend on it in turn.
 */
@Injectable()
export class TokenRevocations {
  private readonly listeners: Listener[] = [];

  onRevoked(listener: Listener): void {
    this.listeners.push(listener);
  }

  revoked(tokenId: string): void {
    for (const l of this.listeners) l(tokenId);
  }
}
