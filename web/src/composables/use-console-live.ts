import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConsoleLiveStore } from '../stores/console-live';
import { useLiveFeed } from './use-live-feed';

/** The console's live connection for the life of the layout; its state drives the header chip. */
export function useConsoleLive(token: string): void {
  const live = useConsoleLiveStore();
  live.reset();
  useLiveFeed(token, live.handlers);
}

/** Language choice, kept across visits (a `?lang=` link sets it too). */
export function useLanguage() {
  const { locale } = useI18n();
  const keep = (l: string) => {
    localStorage.setItem('jifen.lang', l);
    document.documentElement.lang = l;
  };
  keep(locale.value);
  watch(locale, keep);
  return {
    locale,
    toggle: () => (locale.value = locale.value === 'en' ? 'zh-CN' : 'en'),
  };
}
