import { expect, type Page } from '@playwright/test';

/** Opens Bandroom and waits until the workspace has restored its layout. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await waitForWorkspace(page);
}

export async function waitForWorkspace(page: Page, timeout?: number): Promise<void> {
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-ready', 'true', timeout ? { timeout } : {});
}

/** Clicks through the toolbar's menus, e.g. `chooseMenu(page, 'Controls', 'Add pad panel')`. */
export async function chooseMenu(page: Page, ...path: string[]): Promise<void> {
  const [top, ...rest] = path;
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: top, exact: true }).click();
  for (const label of rest) await page.getByRole('menuitem', { name: label }).first().click();
}

export interface GroupSnapshot {
  panels: string[];
  active: string | undefined;
  box: { x: number; y: number; width: number; height: number };
}

/**
 * What the user sees of the layout: each group's tabs (by panel id), active tab,
 * and position as a share of the workspace (a notice above it may change its height).
 */
export async function layoutSnapshot(page: Page): Promise<GroupSnapshot[]> {
  return page.evaluate(() => {
    const workspace = document.querySelector<HTMLElement>('[data-testid=workspace]')!.getBoundingClientRect();
    const share = (value: number, whole: number) => Math.round((value / whole) * 1000) / 1000;
    return [...document.querySelectorAll<HTMLElement>('[data-testid=workspace] .dv-groupview')]
      .map((group) => {
        const tabs = [...group.querySelectorAll<HTMLElement>('.dv-tab')];
        const rect = group.getBoundingClientRect();
        return {
          panels: tabs.map((tab) => tab.dataset.tabPanelId ?? ''),
          active: tabs.find((tab) => tab.getAttribute('aria-selected') === 'true')?.dataset.tabPanelId,
          box: {
            x: share(rect.x - workspace.x, workspace.width),
            y: share(rect.y - workspace.y, workspace.height),
            width: share(rect.width, workspace.width),
            height: share(rect.height, workspace.height)
          }
        };
      })
      .sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y);
  });
}

export function tab(page: Page, panelId: string) {
  return page.locator(`[data-testid=workspace] .dv-tab[data-tab-panel-id="${panelId}"]`);
}

/** A panel's content, found by its id (the renderer tags its host element). */
export function panel(page: Page, panelId: string) {
  return page.locator(`.panel-host[data-panel-id="${panelId}"]`);
}

/**
 * The same layout as the user sees it: the same groups with the same tabs and
 * active tab, each within 2 % of the workspace of where it was (a notice bar
 * appearing or going changes the workspace height by a few pixels).
 */
export function expectSameLayout(actual: GroupSnapshot[], expected: GroupSnapshot[]): void {
  expect(actual.map(({ panels, active }) => ({ panels, active }))).toEqual(expected.map(({ panels, active }) => ({ panels, active })));
  actual.forEach((group, index) => {
    const before = expected[index]!.box;
    for (const side of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(group.box[side] - before[side]), `${group.panels.join('+')} ${side}`).toBeLessThan(0.02);
  });
}

/** Waits for the debounced autosave to land before a reload. */
export async function waitForSave(page: Page): Promise<void> {
  await page.waitForTimeout(900);
}

/** Reads one record of Bandroom's IndexedDB directly, as the app would after a reload. */
export async function readRecord(page: Page, store: string, key: string): Promise<unknown> {
  return page.evaluate(
    ([storeName, recordKey]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('bandroom');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(storeName, 'readonly').objectStore(storeName).get(recordKey);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    [store, key] as const
  );
}

export async function writeRecord(page: Page, store: string, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([storeName, recordKey, recordValue]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bandroom');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(storeName, 'readwrite');
          tx.objectStore(storeName).put(recordValue, recordKey);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [store, key, value] as const
  );
}

export async function recordKeys(page: Page, store: string): Promise<string[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('bandroom');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(storeName, 'readonly').objectStore(storeName).getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(String));
          };
        };
      }),
    store
  );
}
