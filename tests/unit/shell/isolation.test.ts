import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from '$lib/shell/isolation-headers';
import { isolationReport } from '$lib/shell/isolation';

/**
 * Node cannot build opaque responses (they only come from no-cors fetches),
 * so these take a real Response and shadow its `type` getter.
 */
function responseOfType(type: ResponseType): Response {
  const response = new Response(null, { status: 200 });
  Object.defineProperty(response, 'type', { value: type });
  return response;
}

describe('adding the cross-origin isolation headers', () => {
  it('adds COOP same-origin and COEP require-corp', () => {
    const isolated = withIsolationHeaders(new Response('<!doctype html>'));
    expect(isolated.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('keeps the status, status text, body and other headers', async () => {
    const original = new Response('{"ok":true}', {
      status: 201,
      statusText: 'Created',
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' }
    });
    const isolated = withIsolationHeaders(original);
    expect(isolated.status).toBe(201);
    expect(isolated.statusText).toBe('Created');
    expect(isolated.headers.get('Content-Type')).toBe('application/json');
    expect(isolated.headers.get('Cache-Control')).toBe('no-cache');
    expect(await isolated.text()).toBe('{"ok":true}');
  });

  it('keeps binary bodies byte for byte', async () => {
    const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const isolated = withIsolationHeaders(new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } }));
    expect(new Uint8Array(await isolated.arrayBuffer())).toEqual(wasm);
  });

  it('replaces a weaker policy the server already sent', () => {
    const isolated = withIsolationHeaders(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('keeps a redirect and its location', () => {
    const isolated = withIsolationHeaders(Response.redirect('https://bandroom.example/app/', 302));
    expect(isolated.status).toBe(302);
    expect(isolated.headers.get('Location')).toBe('https://bandroom.example/app/');
    expect(isolated.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('keeps an empty 204 response empty', async () => {
    const isolated = withIsolationHeaders(new Response(null, { status: 204 }));
    expect(isolated.status).toBe(204);
    expect(isolated.body).toBeNull();
  });

  it('passes a network error (type "error", status 0) through untouched', () => {
    const failed = Response.error();
    expect(withIsolationHeaders(failed)).toBe(failed);
  });

  it.each(['opaque', 'opaqueredirect'] as const)('passes an %s response through untouched', (type) => {
    const response = responseOfType(type);
    expect(withIsolationHeaders(response)).toBe(response);
  });

  it('uses exactly the two headers the dev server also sends', () => {
    expect(Object.keys(ISOLATION_HEADERS).sort()).toEqual(['Cross-Origin-Embedder-Policy', 'Cross-Origin-Opener-Policy']);
  });
});

describe('the isolation report', () => {
  it('reports nothing degraded when the page is isolated and has SharedArrayBuffer', () => {
    expect(isolationReport(true, true)).toEqual({ isolated: true, degraded: [] });
  });

  it.each([
    [false, false],
    [false, true],
    [true, false]
  ])('names what works worse when isolated=%s and SharedArrayBuffer=%s', (isolated, hasSharedArrayBuffer) => {
    const report = isolationReport(isolated, hasSharedArrayBuffer);
    expect(report.isolated).toBe(false);
    expect(report.degraded).toEqual([expect.stringMatching(/^Audio /), expect.stringMatching(/^Analysis /)]);
  });
});
