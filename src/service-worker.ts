/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolationHeaders } from './lib/shell/isolation-headers';

declare let self: ServiceWorkerGlobalScope;

// Static hosts can't send COOP/COEP, so every response this worker serves
// carries them: that is what makes SharedArrayBuffer available offline too.
addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation gets the app shell, offline included. popout.html is a
// separate page dockview opens for popped-out panels.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/popout\.html$/] }));

// A new version waits until the musician clicks "Reload" (registerSW sends this).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes control at once, so a static host becomes isolated after one reload.
clientsClaim();
