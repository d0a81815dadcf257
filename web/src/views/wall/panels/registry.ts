import type { WallPanel } from '@jifen/shared';
import type { Component } from 'vue';
import NoticePanel from './NoticePanel.vue';
import OfficersPanel from './OfficersPanel.vue';
import ProblemsPanel from './ProblemsPanel.vue';
import PublicationPanel from './PublicationPanel.vue';
import RatesPanel from './RatesPanel.vue';
import TickerPanel from './TickerPanel.vue';
import TrendsPanel from './TrendsPanel.vue';
import UnitsPanel from './UnitsPanel.vue';

/**
 * Every panel by the name a wall configuration uses, with its title. A panel set is data
 * (names in layout slots); this table is the only place that knows which component draws
 * which name. Each component takes the size of its frame's body.
 */
export const PANELS: Record<WallPanel, { component: Component; title: string }> = {
  officers: { component: OfficersPanel, title: 'wall.leaderboard' },
  units: { component: UnitsPanel, title: 'wall.units' },
  ticker: { component: TickerPanel, title: 'wall.ticker' },
  problems: { component: ProblemsPanel, title: 'wall.problems' },
  rates: { component: RatesPanel, title: 'wall.rates' },
  trends: { component: TrendsPanel, title: 'wall.trends' },
  notice: { component: NoticePanel, title: 'wall.notice' },
  publication: { component: PublicationPanel, title: 'wall.publication' },
};
