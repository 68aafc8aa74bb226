import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { ISOLATION_HEADERS } from './src/lib/shell/isolation-headers.ts';

// SharedArrayBuffer (the audio ring) and threaded WASM need cross-origin
// isolation. The dev and preview servers send these headers themselves; on a
// plain static host the service worker adds them (src/service-worker.ts).
// SvelteKit's preview middleware answers before Vite applies `preview.headers`,
// so the headers are set by a middleware registered ahead of SvelteKit's.
function crossOriginIsolation(): Plugin {
  // Returns nothing: a returned function would be run by Vite as a post-hook.
  const addHeaders = (server: { middlewares: Connect.Server }): void => {
    server.middlewares.use((_request, response, next) => {
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
      next();
    });
  };
  return { name: 'bandroom-cross-origin-isolation', configureServer: addHeaders, configurePreviewServer: addHeaders };
}

// The precache holds the whole app, models and instruments included, so it must
// fit in a browser's storage next to the user's stems; the build fails past this.
export const PRECACHE_FILE_LIMIT_BYTES = 48 * 1024 * 1024;

export default defineConfig({
  plugins: [
    crossOriginIsolation(),
    sveltekit(),
    SvelteKitPWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        globPatterns: [
          'client/**/*.{js,mjs,css,html,ico,png,svg,webp,webmanifest,json,wasm,onnx,bin,sf2,sfz,wav,flac,ogg}',
          'prerendered/**/*.{html,json}'
        ],
        maximumFileSizeToCacheInBytes: PRECACHE_FILE_LIMIT_BYTES
      },
      manifest: {
        id: '/',
        name: 'Bandroom — rehearsal workstation',
        short_name: 'Bandroom',
        description: 'Play pads and keys, analyse rehearsal recordings, review sessions — offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#15171c',
        theme_color: '#15171c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
        ]
      },
      devOptions: { enabled: false }
    })
  ],
  worker: { format: 'es' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node'
  }
});
