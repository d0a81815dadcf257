import type { LoginAnswer, Role, SessionUser } from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, setBearer } from '../api/client';

const KEY = 'jifen.session';

/** The logged-in user; the token lives in sessionStorage so a closed tab logs out. */
export const useSessionStore = defineStore('session', () => {
  const saved = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
  const initial = saved ? (JSON.parse(saved) as { token: string; user: SessionUser }) : null;
  const token = ref<string | null>(initial?.token ?? null);
  const user = ref<SessionUser | null>(initial?.user ?? null);
  setBearer(token.value);

  const role = computed<Role | null>(() => user.value?.role ?? null);
  /** Supervisors and administrators work problems; officers see their own. */
  const supervises = computed(() => role.value === 'supervisor' || role.value === 'admin');

  async function login(username: string, password: string): Promise<void> {
    const a = await api<LoginAnswer>('POST', '/api/auth/login', { username, password });
    token.value = a.accessToken;
    user.value = a.user;
    setBearer(a.accessToken);
    sessionStorage.setItem(KEY, JSON.stringify({ token: a.accessToken, user: a.user }));
  }

  function logout(): void {
    token.value = null;
    user.value = null;
    setBearer(null);
    sessionStorage.removeItem(KEY);
  }

  return { token, user, role, supervises, login, logout };
});
