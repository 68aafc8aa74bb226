import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A static single-page app: the workspace renders only in the browser.
    // 200.html (not index.html) so static hosts serve it for unknown paths
    // without shadowing the prerendered index.
    adapter: adapter({ fallback: '200.html' }),
    // The service worker is built and registered by @vite-pwa/sveltekit
    // (injectManifest), which also prompts for updates.
    serviceWorker: { register: false },
    alias: { $workers: 'workers' }
  }
};

export default config;
