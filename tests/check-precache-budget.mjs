// Build check: every file the built app serves is in the service worker's
// precache (so it works offline), and the precache fits the size budget.
// Run by `npm run build`; a file type the glob patterns forgot fails here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const BUILD_DIR = 'build';
/** Whole-app budget: app + WASM + models + instruments, next to a user's cache. */
const PRECACHE_BUDGET_BYTES = 160 * 1024 * 1024;
/**
 * The worker itself is fetched by the browser's update check, never from the
 * cache; static/README.md documents the folder and is never requested by the app.
 */
const NOT_PRECACHED = new Set(['service-worker.js', 'README.md']);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const sw = readFileSync(join(BUILD_DIR, 'service-worker.js'), 'utf8');
const urls = new Set([...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1].replace(/^\//, '')));
const missing = [];
let total = 0;
for (const path of walk(BUILD_DIR)) {
  const url = relative(BUILD_DIR, path).split('\\').join('/');
  if (NOT_PRECACHED.has(url)) continue;
  const clean = url === 'index.html' ? '' : url.replace(/\.html$/, '');
  if (!urls.has(url) && !urls.has(clean)) missing.push(url);
  else total += statSync(path).size;
}
if (missing.length > 0) {
  console.error(`Not precached (would fail offline): ${missing.join(', ')}`);
  process.exit(1);
}
if (total > PRECACHE_BUDGET_BYTES) {
  console.error(`Precache is ${(total / 2 ** 20).toFixed(1)} MiB, over the ${PRECACHE_BUDGET_BYTES / 2 ** 20} MiB budget`);
  process.exit(1);
}
console.log(`Precache: ${urls.size} entries, ${(total / 2 ** 20).toFixed(2)} MiB of ${PRECACHE_BUDGET_BYTES / 2 ** 20} MiB budget`);
