// Makes docs/workspace.png, the README's picture of the default workspace.
// Run against a served build: `npm run app` in one shell, this in another.
import { chromium } from '@playwright/test';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--disable-background-networking', '--autoplay-policy=no-user-gesture-required']
});
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
await page.goto(process.env.BANDROOM_URL ?? 'http://localhost:4173/');
await page.waitForSelector('[data-testid=workspace][data-ready=true]');
await page.getByRole('button', { name: 'Start audio' }).click();
await page.waitForTimeout(9000); // let the one-off "ready offline" notice go away
// A chord on the piano and a pad hit, so the picture shows the instrument in use.
for (const key of ['a', 'd', 'g']) await page.keyboard.down(key);
const pad = page.locator('.panel-host[data-panel-id="pad-1"] .pad').nth(12);
const box = await pad.boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + 10);
await page.mouse.down();
await page.waitForTimeout(300);
await page.screenshot({ path: 'docs/workspace.png' });
await browser.close();
