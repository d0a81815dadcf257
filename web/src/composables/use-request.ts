import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorText } from '../api/client';

/**
 * Runs a store action for a view: `busy` while it runs, `error` with the server's message in
 * the reader's language when it fails. Returns undefined on failure.
 */
export function useRequest() {
  const { locale } = useI18n();
  const busy = ref(false);
  const error = ref('');
  async function run<T>(f: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = '';
    try {
      return await f();
    } catch (e) {
      error.value = errorText(e, locale.value);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
