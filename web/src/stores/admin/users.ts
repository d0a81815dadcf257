import type {
  CreatedToken,
  CreateTokenBody,
  CreateUserBody,
  RotatedToken,
  SessionUser,
  TokenInfo,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../../api/client';

/** Logins and access tokens. A new token's secret is kept only until the page is left. */
export const useAccessStore = defineStore('access', () => {
  const users = ref<SessionUser[]>([]);
  const tokens = ref<TokenInfo[]>([]);
  const revealed = ref<CreatedToken | null>(null);

  async function loadUsers(): Promise<void> {
    users.value = await api<SessionUser[]>('GET', '/api/users');
  }

  async function createUser(body: CreateUserBody): Promise<SessionUser> {
    const u = await api<SessionUser>('POST', '/api/users', body);
    users.value = [...users.value, u].sort((a, b) => a.username.localeCompare(b.username));
    return u;
  }

  async function loadTokens(): Promise<void> {
    tokens.value = await api<TokenInfo[]>('GET', '/api/tokens');
  }

  async function createToken(body: CreateTokenBody): Promise<CreatedToken> {
    const t = await api<CreatedToken>('POST', '/api/tokens', body);
    revealed.value = t;
    tokens.value = [infoOf(t), ...tokens.value];
    return t;
  }

  /** A new secret, shown once like a new token's; the old one works for a short overlap. */
  async function rotate(id: string): Promise<RotatedToken> {
    const t = await api<RotatedToken>('POST', `/api/tokens/${id}/rotate`, {});
    revealed.value = t;
    tokens.value = tokens.value.map((x) => (x.id === id ? infoOf(t) : x));
    return t;
  }

  async function revoke(id: string): Promise<void> {
    const t = await api<TokenInfo>('DELETE', `/api/tokens/${id}`);
    tokens.value = tokens.value.map((x) => (x.id === id ? t : x));
    if (revealed.value?.id === id) revealed.value = null;
  }

  function forgetSecret(): void {
    revealed.value = null;
  }

  return {
    users,
    tokens,
    revealed,
    loadUsers,
    createUser,
    loadTokens,
    createToken,
    rotate,
    revoke,
    forgetSecret,
  };
});

/** The list keeps the token's description; the secret stays only in `revealed`. */
function infoOf(t: CreatedToken): TokenInfo {
  return {
    id: t.id,
    kind: t.kind,
    unitCode: t.unitCode,
    label: t.label,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    revokedAt: t.revokedAt,
    expiresAt: t.expiresAt,
    rotatedAt: t.rotatedAt,
  };
}
