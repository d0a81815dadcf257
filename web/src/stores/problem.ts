import type { Alert, Appeal } from '@jifen/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  officers: string[];
  data: Record<string, unknown>;
}

export interface ObligationView {
  id: string;
  ruleId: string;
  title: { zh: string; en: string };
  openedAt: string;
  dueAt: string;
  warnAt: string;
  status: 'open' | 'fulfilled' | 'late' | 'violated';
  fulfilledAt: string | null;
  personRef: string | null;
  itemRef: string | null;
}

export type ProblemDetail = Alert & { timeline: TimelineEntry[]; obligations: ObligationView[] };

/** A life-cycle step a person can take, with its request body. */
export type ProblemStep =
  | { action: 'ack' }
  | { action: 'assign'; badgeNo: string; dueAt?: string }
  | { action: 'rectified'; note: string }
  | { action: 'verify'; note?: string }
  | { action: 'dismiss'; reason: string }
  | { action: 'escalate'; note?: string };

/** The problem open on the problem page, with its case timeline; live updates land here too. */
export const useProblemStore = defineStore('problem', () => {
  const current = ref<ProblemDetail | null>(null);
  const id = ref<string | null>(null);

  async function open(problemId: string): Promise<void> {
    if (id.value !== problemId) current.value = null;
    id.value = problemId;
    const d = await api<ProblemDetail>('GET', `/api/alerts/${problemId}`);
    if (id.value === problemId) current.value = d;
  }

  async function reload(): Promise<void> {
    if (id.value) await open(id.value);
  }

  function close(): void {
    id.value = null;
    current.value = null;
  }

  /** Another person's step, seen live: the problem changes at once, the timeline follows. */
  function apply(alert: Alert): void {
    const c = current.value;
    if (!c || c.id !== alert.id || alert.version <= c.version) return;
    current.value = { ...c, ...alert };
    void reload().catch(() => undefined);
  }

  async function step(s: ProblemStep): Promise<void> {
    const c = current.value;
    if (!c) return;
    const { action, ...body } = s;
    const versioned = action === 'ack' || action === 'assign' ? { version: c.version } : {};
    const alert = await api<Alert>('POST', `/api/alerts/${c.id}/${action}`, { ...body, ...versioned });
    if (current.value?.id === alert.id && alert.version > current.value.version)
      current.value = { ...current.value, ...alert };
    await reload();
  }

  /** An officer contests the deduction. */
  async function appeal(reason: string): Promise<Appeal | null> {
    const c = current.value;
    if (!c) return null;
    const a = await api<Appeal>('POST', `/api/alerts/${c.id}/appeal`, { reason });
    await reload();
    return a;
  }

  return { current, id, open, reload, close, apply, step, appeal };
});
