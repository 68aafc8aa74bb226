// The workspace is browser-only (IndexedDB, Web Audio, WebMIDI): a static shell
// is prerendered and everything renders on the client.
export const ssr = false;
export const prerender = true;
