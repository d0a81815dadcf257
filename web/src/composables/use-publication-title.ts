import type { PublicationKind } from '@jifen/shared';
import { useI18n } from 'vue-i18n';
import { formatPeriod } from './use-format';

/** "2026年10月 执法办案积分月晾晒" / "Monthly airing of case-handling points, Oct 2026". */
export function usePublicationTitle() {
  const { t, locale } = useI18n();
  return (p: { kind: PublicationKind; period: string }) =>
    t('publications.title', {
      period: formatPeriod(p.period, locale.value),
      kind: t(`publications.kind.${p.kind}`),
    });
}
