import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A static single-page app: the one route is prerendered as an empty shell
    // (ssr off) and renders in the browser. No SPA fallback page: there is a
    // single URL, and offline navigations are answered by the service worker.
    adapter: adapter(),
    // The service worker is built and registered by @vite-pwa/sveltekit
    // (injectManifest), which also prompts for updates.
    serviceWorker: { register: false },
    alias: { $workers: 'workers' },
    // Type-check the worker and worklet code with the rest of the app.
    typescript: {
      config(tsconfig) {
        tsconfig.include.push('../workers/**/*.ts', '../playwright.config.ts');
      }
    }
  }
};

export default config;
