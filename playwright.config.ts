import { defineConfig, devices } from '@playwright/test';

// Overridable so several checkouts on one machine can test side by side.
const PORT = Number(process.env.BANDROOM_PREVIEW_PORT ?? 4173);
const CHROMIUM_ARGS = ['--autoplay-policy=no-user-gesture-required', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const DEV_PORT = Number(process.env.BANDROOM_DEV_PORT ?? 5173);

// Debian's chromium, never a downloaded browser (the machines have no route to one).
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure'
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /audio-soak|tight-timing/,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 768 },
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }
      }
    },
    {
      // After everything else, alone: underruns measure the engine, not a busy test machine.
      name: 'audio-soak',
      testMatch: /audio-soak/,
      dependencies: ['chromium'],
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 768 },
        // A trace records a screenshot of every frame the page draws: with the level
        // meter moving that took more than a core on this 2-core machine and was
        // itself the cause of the underruns it would have explained.
        trace: 'off',
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }
      }
    },
    {
      // Alone too, after the soak (a project of its own, so the two never share the CPU):
      // an underrun shifts the output timeline and would read as note jitter.
      name: 'timing',
      testMatch: /tight-timing/,
      dependencies: ['audio-soak'],
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 768 },
        trace: 'off', // as for the soak: the trace's frame capture competes with the audio
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }
      }
    }
  ],
  webServer: [
    {
      // The production build: the service worker (offline, isolation headers) only exists there.
      command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000
    },
    {
      // The dev server, only to prove it is cross-origin isolated too.
      command: `npx vite dev --port ${DEV_PORT} --strictPort`,
      url: `http://localhost:${DEV_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000
    }
  ]
});
