// `npm run bench`: bundles each tests/bench/*.bench.ts for Node with Vite (so our
// code runs as it would ship: one module, no test-runner indirection on every
// import, which costs hot loops up to 100× under Vitest) and runs it in its own
// process. Benchmarks print `BENCH <name> <value> <unit>` lines.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = fileURLToPath(new URL('./.build', import.meta.url));
const only = process.argv[2];
const names = readdirSync(new URL('.', import.meta.url)).filter((name) => !only || name.includes(only));
const entries = names.filter((name) => name.endsWith('.bench.ts'));
// Browser benchmarks drive the production build in Debian chromium (plain scripts, run as they are).
const browserBenches = names.filter((name) => name.endsWith('.browser.mjs'));

for (const entry of entries) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { $workers: `${root}/workers`, $lib: `${root}/src/lib` } },
    build: { ssr: `tests/bench/${entry}`, outDir, emptyOutDir: false, minify: false, target: 'node20' }
  });
  const output = `${outDir}/${entry.replace(/\.ts$/, '.js')}`;
  process.stdout.write(`# ${entry}\n`);
  execFileSync(process.execPath, [output], { stdio: 'inherit' });
}

if (browserBenches.length > 0) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
for (const entry of browserBenches) {
  process.stdout.write(`# ${entry}\n`);
  execFileSync(process.execPath, [fileURLToPath(new URL(`./${entry}`, import.meta.url))], { cwd: root, stdio: 'inherit' });
}
