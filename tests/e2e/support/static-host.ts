import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm'
};

/**
 * A plain static host for the built app: no COOP/COEP headers (like GitHub
 * Pages), so isolation must come from our service worker. `release()`
 * simulates deploying a new version by changing the service worker's bytes.
 */
export class StaticHost {
  #server: Server | undefined;
  #release = 0;
  url = '';

  constructor(private readonly root = 'build') {}

  async start(): Promise<void> {
    this.#server = createServer(async (request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(this.root, path.endsWith('/') ? `${path}index.html` : path);
      try {
        let body: Buffer | string = await readFile(file);
        if (path === '/service-worker.js' && this.#release > 0) body = `${body.toString()}\n// release ${this.#release}\n`;
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
        response.end(body);
      } catch {
        response.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (typeof address !== 'object' || !address) throw new Error('static host did not bind');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  release(): void {
    this.#release += 1;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}
