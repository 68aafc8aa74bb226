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
const entries = readdirSync(new URL('.', import.meta.url)).filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)));

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
