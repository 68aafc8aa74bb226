// Prepares every model and the onnxruntime-web runtime files the app serves
// from its own origin: copies Silero VAD, converts Basic Pitch (TF.js → ONNX)
// into static/models/, copies ORT's WASM build into static/ort/. Run by
// `npm run models` and before `dev`/`build`. Skips all work when no input
// changed; fails (exit 1) when a prepared file's SHA-256 differs from
// models/manifest.json. `--update-manifest` rewrites hashes after an intended change.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Packages are looked up where npm installs them (some, like onnxruntime-web,
// do not export their package.json, so require.resolve cannot find them).
const packageDir = (name) => join(root, 'node_modules', name);
const cacheDir = join(root, 'node_modules/.cache/bandroom-models');
const stampPath = join(cacheDir, 'inputs.json');
const manifestPath = join(root, 'models/manifest.json');
const updateManifest = process.argv.includes('--update-manifest');

/** onnxruntime-web/wasm needs only the plain SIMD+threads build (no JSEP/WebGPU, ~14 MB not ~28 MB). */
const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
  );
  return nested.flat().sort();
}

async function writeAtomically(path, bytes) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.partial`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

function fail(message) {
  console.error(`models: ${message}`);
  process.exit(1);
}

const vadSource = join(packageDir('@ricky0123/vad-web'), 'dist/silero_vad_v5.onnx');
const basicPitchDir = join(packageDir('@spotify/basic-pitch'), 'model');
const ortDist = join(packageDir('onnxruntime-web'), 'dist');
const inputs = [
  fileURLToPath(import.meta.url),
  manifestPath,
  ...(await filesUnder(join(root, 'models/tfjs-to-onnx'))),
  ...(await filesUnder(join(root, 'models/basic-pitch'))),
  join(basicPitchDir, 'model.json'),
  join(basicPitchDir, 'group1-shard1of1.bin'),
  vadSource,
  join(packageDir('onnx-proto'), 'package.json'),
  ...ORT_RUNTIME_FILES.map((name) => join(ortDist, name))
];
const outputs = {
  basicPitch: join(root, 'static/models/basic-pitch.onnx'),
  vad: join(root, 'static/models/silero-vad-v5.onnx'),
  ...Object.fromEntries(ORT_RUNTIME_FILES.map((name) => [name, join(root, 'static/ort', name)]))
};

async function digestOf(paths) {
  const lines = [];
  for (const path of paths) {
    if (!existsSync(path)) fail(`missing input ${relative(root, path)}; run npm install.`);
    lines.push(`${relative(root, path)} ${sha256(await readFile(path))}`);
  }
  return sha256(lines.join('\n'));
}

async function outputsDigest() {
  const paths = Object.values(outputs);
  return paths.every((path) => existsSync(path)) ? digestOf(paths) : null;
}

const inputsDigest = await digestOf(inputs);
if (!updateManifest && existsSync(stampPath)) {
  const stamp = JSON.parse(await readFile(stampPath, 'utf8'));
  if (stamp.inputs === inputsDigest && stamp.outputs === (await outputsDigest())) {
    console.log('models: up to date');
    process.exit(0);
  }
}

/** Bundles the TypeScript converter for Node (Node 20 cannot run .ts) and loads it. */
async function loadConverter() {
  const { build } = await import('vite');
  const outDir = join(cacheDir, 'converter');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: { ssr: 'models/basic-pitch/convert-basic-pitch.ts', outDir, emptyOutDir: true, minify: false, target: 'node20' }
  });
  return import(`${pathToFileURL(join(outDir, 'convert-basic-pitch.js')).href}?${inputsDigest}`);
}

const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
const entry = (name) => manifest.models.find((model) => model.name === name) ?? fail(`manifest has no "${name}" entry`);

async function publish(name, bytes, path) {
  const model = entry(name);
  const digest = sha256(bytes);
  if (updateManifest) {
    model.sha256 = digest;
    model.sizeBytes = bytes.byteLength;
  } else if (digest !== model.sha256 || bytes.byteLength !== model.sizeBytes) {
    fail(
      `${name} came out as sha256 ${digest} (${bytes.byteLength} bytes) but models/manifest.json says ` +
        `${model.sha256} (${model.sizeBytes} bytes). If the converter or the npm package changed on purpose, ` +
        'run `npm run models -- --update-manifest` and commit the manifest; otherwise this is a bug.'
    );
  }
  await writeAtomically(path, bytes);
  console.log(`models: ${relative(root, path)} ${bytes.byteLength} bytes sha256 ${digest.slice(0, 12)}…`);
}

const started = performance.now();
try {
  await publish('silero-vad-v5', await readFile(vadSource), outputs.vad);
  const { convertBasicPitch } = await loadConverter();
  await publish('basic-pitch', await convertBasicPitch(), outputs.basicPitch);
  for (const name of ORT_RUNTIME_FILES) {
    await mkdir(dirname(outputs[name]), { recursive: true });
    await copyFile(join(ortDist, name), outputs[name]);
  }
  console.log(`models: onnxruntime-web ${ORT_RUNTIME_FILES.join(' + ')} → static/ort/`);
} catch (error) {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
if (updateManifest) await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
await writeAtomically(stampPath, JSON.stringify({ inputs: await digestOf(inputs), outputs: await outputsDigest() }));
console.log(`models: prepared in ${Math.round(performance.now() - started)} ms`);
