import type { OrgImportAnswer } from '@jifen/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../../api/client';
import { attachErrors, importBody, readOrgFiles, type OrgFile } from '../../composables/org-file';
import { useOrgStore } from '../org';

/** An organisation import: files read in the browser, posted as JSON, errors put back on rows. */
export const useOrgImportStore = defineStore('org-import', () => {
  const file = ref<OrgFile | null>(null);
  const answer = ref<OrgImportAnswer | null>(null);
  const rowCount = computed(() => (file.value ? file.value.units.length + file.value.officers.length : 0));
  const rowsWithErrors = computed(() =>
    file.value ? [...file.value.units, ...file.value.officers].filter((r) => r.errors.length).length : 0,
  );

  async function read(files: File[]): Promise<void> {
    answer.value = null;
    file.value = await readOrgFiles(files);
  }

  async function submit(): Promise<OrgImportAnswer | null> {
    if (!file.value) return null;
    const a = await api<OrgImportAnswer>('POST', '/api/org/import', importBody(file.value));
    attachErrors(file.value, a.errors);
    answer.value = a;
    await useOrgStore().load(true);
    return a;
  }

  function clear(): void {
    file.value = null;
    answer.value = null;
  }

  return { file, answer, rowCount, rowsWithErrors, read, submit, clear };
});
