// Serves the production build for browser benchmarks and waits until it answers.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export async function startPreview(port) {
  // Vite itself, not through npx, so killing it stops the server (npx would leave it orphaned).
  const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
  for (let tries = 0; tries < 50; tries++) {
    if (await fetch(`http://localhost:${port}/`).then((response) => response.ok, () => false)) break;
    await sleep(200);
  }
  return server;
}
