import { useI18n } from 'vue-i18n';
import { useCatalogueStore } from '../stores/catalogue';
import { useOrgStore } from '../stores/org';

/** Names everywhere, badge numbers beside them; units by name. */
export function useNames() {
  const { t } = useI18n();
  const org = useOrgStore();
  const catalogue = useCatalogueStore();
  const officer = (badgeNo: string | null | undefined, name?: string) => {
    if (!badgeNo) return '—';
    // A name equal to the badge number is no name: the directory knows better.
    const n = name && name !== badgeNo ? name : org.officerName(badgeNo);
    return n ? t('console.nameBadge', { name: n, badge: badgeNo }) : badgeNo;
  };
  return {
    officer,
    officers: (list: { badgeNo: string; name: string }[]) =>
      list.map((o) => officer(o.badgeNo, o.name)).join('、'),
    unit: (code: string | null | undefined) => (code ? org.unitName(code) || code : '—'),
    title: (x: { zh: string; en: string }, locale: string) => (locale === 'en' ? x.en : x.zh),
    /** A ledger row's rule: its title, or the catalogue's when the row carries only the id. */
    rule: (ruleId: string, given: { zh: string; en: string }, locale: string) => {
      if (ruleId === 'ADJUSTMENT') return t('console.ledger.source.adjustment');
      const title = catalogue.titleOf(ruleId, given);
      return title ? (locale === 'en' ? title.en : title.zh) : ruleId;
    },
  };
}
