import type { Role } from '@jifen/shared';
import {
  createRouter,
  createWebHistory,
  type RouteMeta,
  type RouteRecordNameGeneric,
  type RouteRecordRaw,
} from 'vue-router';
import { useSessionStore } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page; absent: anyone logged in. */
    roles?: Role[];
    /** Its entry in the console's navigation (a message key under `console.nav`). */
    nav?: string;
    /** The navigation group it sits in. */
    group?: 'work' | 'admin';
  }
}

const SUPERVISING: Role[] = ['supervisor', 'admin'];
const ADMIN: Role[] = ['admin'];
/** Everyone who logs in to the console reads the publications of their scope. */
const READERS: Role[] = ['admin', 'supervisor', 'officer'];

const wallRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/walls',
    name: 'walls',
    component: () => import('./views/console/admin/WallConfigView.vue'),
    meta: { roles: [...SUPERVISING], nav: 'walls', group: 'admin' as const },
  },
];

export const consoleRoutes: RouteRecordRaw[] = [
  { path: '', name: 'home', redirect: () => ({ name: homeOf(useSessionStore().role) }) },
  {
    path: 'inbox',
    name: 'inbox',
    component: () => import('./views/console/InboxView.vue'),
    meta: { roles: SUPERVISING, nav: 'inbox', group: 'work' },
  },
  {
    path: 'problems/:id',
    name: 'problem',
    component: () => import('./views/console/ProblemView.vue'),
    props: true,
  },
  {
    path: 'appeals',
    name: 'appeals',
    component: () => import('./views/console/AppealsView.vue'),
    meta: { roles: SUPERVISING, nav: 'appeals', group: 'work' },
  },
  {
    path: 'leaderboard',
    name: 'leaderboard',
    component: () => import('./views/console/LeaderboardView.vue'),
    meta: { roles: SUPERVISING, nav: 'leaderboard', group: 'work' },
  },
  {
    path: 'officers',
    name: 'officers',
    component: () => import('./views/console/OfficersView.vue'),
    meta: { roles: SUPERVISING, nav: 'officers', group: 'work' },
  },
  {
    path: 'officers/:badgeNo',
    name: 'officer',
    component: () => import('./views/console/OfficerView.vue'),
    props: true,
  },
  {
    path: 'me',
    name: 'me',
    component: () => import('./views/console/MyScoreView.vue'),
    meta: { roles: ['officer'], nav: 'myScore', group: 'work' },
  },
  {
    path: 'my-problems',
    name: 'my-problems',
    component: () => import('./views/console/MyProblemsView.vue'),
    meta: { roles: ['officer'], nav: 'myProblems', group: 'work' },
  },
  {
    path: 'notifications',
    name: 'notifications',
    component: () => import('./views/console/NotificationsView.vue'),
    meta: { nav: 'notifications', group: 'work' },
  },
  {
    path: 'notifications/preferences',
    name: 'notification-preferences',
    component: () => import('./views/console/NotificationPreferencesView.vue'),
  },
  {
    path: 'publications',
    name: 'publications',
    component: () => import('./views/console/PublicationsView.vue'),
    meta: { roles: READERS, nav: 'publications', group: 'work' },
  },
  {
    path: 'publications/:kind(monthly|quarterly|annual|daily)/:period',
    name: 'publication',
    component: () => import('./views/console/PublicationView.vue'),
    props: true,
    meta: { roles: READERS },
  },
  {
    path: 'admin/org',
    name: 'org-import',
    component: () => import('./views/console/admin/OrgImportView.vue'),
    meta: { roles: ADMIN, nav: 'orgImport', group: 'admin' },
  },
  {
    path: 'admin/users',
    name: 'users',
    component: () => import('./views/console/admin/UsersView.vue'),
    meta: { roles: ADMIN, nav: 'users', group: 'admin' },
  },
  {
    path: 'admin/tokens',
    name: 'tokens',
    component: () => import('./views/console/admin/TokensView.vue'),
    meta: { roles: SUPERVISING, nav: 'tokens', group: 'admin' },
  },
  ...wallRoutes,
  {
    path: 'admin/holidays',
    name: 'holidays',
    component: () => import('./views/console/admin/HolidaysView.vue'),
    meta: { roles: ADMIN, nav: 'holidays', group: 'admin' },
  },
  {
    path: 'admin/webhooks',
    name: 'webhooks',
    component: () => import('./views/console/admin/WebhooksView.vue'),
    meta: { roles: ADMIN, nav: 'webhooks', group: 'admin' },
  },
  {
    path: 'admin/rules',
    name: 'rules',
    component: () => import('./views/console/admin/RulesView.vue'),
    meta: { roles: ADMIN, nav: 'rules', group: 'admin' },
  },
  {
    path: 'admin/publications',
    name: 'publication-settings',
    component: () => import('./views/console/admin/PublicationSettingsView.vue'),
    meta: { roles: ADMIN, nav: 'publicationSettings', group: 'admin' },
  },
];

/** Where each role starts. */
export function homeOf(role: Role | null): string {
  return role === 'officer' ? 'me' : 'inbox';
}

export function allowed(route: { meta: { roles?: Role[] } }, role: Role | null): boolean {
  return !!role && (!route.meta.roles || route.meta.roles.includes(role));
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/console' },
    { path: '/wall', component: () => import('./views/wall/WallView.vue') },
    // Outside the console: no login; the server decides whether the bureau publishes openly.
    {
      path: '/publications',
      name: 'public-publications',
      component: () => import('./views/publications/PublicView.vue'),
    },
    {
      path: '/publications/:kind(monthly|quarterly|annual|daily)/:period',
      name: 'public-publication',
      component: () => import('./views/publications/PublicView.vue'),
      props: true,
    },
    {
      path: '/console/login',
      name: 'login',
      component: () => import('./views/console/LoginView.vue'),
    },
    {
      path: '/console',
      component: () => import('./views/console/ConsoleLayout.vue'),
      children: consoleRoutes,
    },
    { path: '/console/:rest(.*)*', redirect: '/console' },
  ],
});

/**
 * A deep link opens after login: an anonymous visitor goes to the login page with the link
 * kept in `redirect`; a page the role may not open leads to the role's home.
 */
export function guard(to: {
  path: string;
  fullPath: string;
  name?: RouteRecordNameGeneric | null;
  meta: RouteMeta;
}) {
  if (!to.path.startsWith('/console') || to.name === 'login') return true;
  const session = useSessionStore();
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } };
  if (!allowed(to, session.role)) return { name: homeOf(session.role) };
  return true;
}

router.beforeEach(guard);
