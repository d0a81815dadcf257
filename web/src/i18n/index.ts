import { createI18n } from 'vue-i18n';
import en from './en';
import zh from './zh-CN';

export type Locale = 'zh-CN' | 'en';

export function initialLocale(search = typeof location === 'undefined' ? '' : location.search): Locale {
  const asked =
    new URLSearchParams(search).get('lang') ??
    (typeof localStorage === 'undefined' ? null : localStorage.getItem('jifen.lang'));
  return asked === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
});
