import type {
  PublicationFormat,
  PublicationKind,
  PublicationRunAnswer,
  PublicationSettings,
  PublicationSnapshot,
  PublicationSummary,
} from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, api, file, query } from '../api/client';
import { fileName, groupByKind } from '../composables/publications';

export interface PublicationKey {
  kind: PublicationKind;
  period: string;
  /** Absent: the latest version. */
  version?: number;
}

/** How often and how long a hand-run publication is looked for before the page stops waiting. */
export const RUN_POLL = { everyMs: 2000, tries: 30 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const path = (k: PublicationKey) => `/api/publications/${k.kind}/${encodeURIComponent(k.period)}`;

/**
 * The publications a reader may see: the list, the one open, and (administrators) the
 * bureau's settings. `anonymous` reads them as the public does, without the login, so the
 * public page shows exactly what the server allows strangers (names masked in privacy mode).
 */
export const usePublicationsStore = defineStore('publications', () => {
  const list = ref<PublicationSummary[]>([]);
  const snapshot = ref<PublicationSnapshot | null>(null);
  const settings = ref<PublicationSettings | null>(null);
  const anonymous = ref(false);
  /** The public was refused: the bureau does not open its publications (401/403). */
  const closed = ref(false);

  const groups = computed(() => groupByKind(list.value));
  /** The open publication's entry in the list: its versions, for the switcher. */
  const summary = computed(() =>
    snapshot.value
      ? (list.value.find((p) => p.kind === snapshot.value!.kind && p.period === snapshot.value!.period) ??
        null)
      : null,
  );

  async function read<T>(p: string): Promise<T> {
    try {
      const answer = await api<T>('GET', p, undefined, { anonymous: anonymous.value });
      closed.value = false;
      return answer;
    } catch (e) {
      if (anonymous.value && e instanceof ApiError && [401, 403].includes(e.body.statusCode))
        closed.value = true;
      throw e;
    }
  }

  async function loadList(kind?: PublicationKind): Promise<void> {
    const got = await read<PublicationSummary[]>(`/api/publications${query({ kind })}`);
    list.value = kind ? [...list.value.filter((p) => p.kind !== kind), ...got] : got;
  }

  async function load(key: PublicationKey): Promise<void> {
    snapshot.value = null;
    snapshot.value = await read<PublicationSnapshot>(`${path(key)}${query({ version: key.version })}`);
  }

  /** A rendered file of the open publication's version. */
  async function download(format: Exclude<PublicationFormat, 'json'>): Promise<{ blob: Blob; name: string }> {
    const s = snapshot.value;
    if (!s) throw new Error('no publication is open');
    return file(`${path(s)}${query({ version: s.version, format })}`, fileName(s, format), {
      anonymous: anonymous.value,
    });
  }

  /**
   * Runs a period by hand (administrators) and waits for the job's snapshot to be listed:
   * the version that appears, or null when the job is still queued after the polling window.
   */
  async function run(
    kind: PublicationKind,
    period: string,
  ): Promise<{ jobId: string; version: number | null }> {
    const before = list.value.find((p) => p.kind === kind && p.period === period)?.version ?? 0;
    const { jobId } = await api<PublicationRunAnswer>('POST', `${path({ kind, period })}/run`);
    for (let i = 0; i < RUN_POLL.tries; i++) {
      await loadList(kind);
      const now = list.value.find((p) => p.kind === kind && p.period === period);
      // Running a published period again gives the same snapshot: listed is done.
      if (now && (now.version > before || before > 0)) return { jobId, version: now.version };
      await sleep(RUN_POLL.everyMs);
    }
    return { jobId, version: null };
  }

  async function loadSettings(): Promise<void> {
    settings.value = await api<PublicationSettings>('GET', '/api/publications/settings');
  }

  async function saveSettings(next: PublicationSettings): Promise<void> {
    settings.value = await api<PublicationSettings>('PUT', '/api/publications/settings', next);
  }

  return {
    list,
    snapshot,
    settings,
    anonymous,
    closed,
    groups,
    summary,
    loadList,
    load,
    download,
    run,
    loadSettings,
    saveSettings,
  };
});
