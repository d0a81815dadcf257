import { createRouter, createWebHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/console' },
    { path: '/wall', component: () => import('./views/wall/WallView.vue') },
    { path: '/console/:rest(.*)*', component: () => import('./views/console/ConsoleView.vue') },
  ],
});
