import { registerSW } from 'virtual:pwa-register';
import type { AppLog } from '$lib/log/app-log';
import type { Notices } from './notices.svelte';

/**
 * Registers the service worker. A new version waits until the musician chooses
 * to reload (never mid-take); the first install says the app is ready offline.
 */
export function registerServiceWorker(notices: Notices, log: AppLog): void {
  if (!('serviceWorker' in navigator)) {
    log.warn('pwa', 'This browser has no service workers: Bandroom will not work offline');
    return;
  }
  const updateServiceWorker = registerSW({
    immediate: true,
    onNeedRefresh() {
      log.info('pwa', 'A new version of Bandroom is ready');
      notices.show({
        id: 'update',
        tone: 'info',
        title: 'New version of Bandroom available',
        detail: 'Reload when you are between takes; your layout and settings are kept.',
        action: { label: 'Reload', run: () => void updateServiceWorker(true) }
      });
    },
    onOfflineReady() {
      log.info('pwa', 'Bandroom is cached and works offline');
      notices.show({ id: 'offline-ready', tone: 'info', title: 'Bandroom is ready to work offline', dismissAfterMs: 8000 });
    },
    onRegisterError(error: unknown) {
      log.error('pwa', 'Service worker registration failed: offline use is unavailable', { error });
    }
  });
}
