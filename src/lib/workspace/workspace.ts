import {
  createDockview,
  themeDark,
  themeLight,
  type ContextMenuItem,
  type DockviewApi,
  type DockviewTheme,
  type IDockviewPanel,
  type Parameters as PanelParameters
} from 'dockview-core';
import type { ControlPanelState } from '$lib/midi/routing-index';
import type { PresetChange } from '$lib/presets/preset-library.svelte';
import type { Theme } from '$lib/settings/settings';
import type { AppServices } from '$lib/shell/app-services';
import { applyDefaultLayout } from './default-layout';
import { activationChanges, activePanelFor, type ActivatablePanel } from './panel-activation';
import { toLayoutRecord } from './layout-record';
import type { LayoutRepository } from './layout-repository';
import { nextPanelId, titleForNewPanel } from './panel-ids';
import type { PanelRegistry } from './panel-registry';
import { SveltePanelRenderer } from './svelte-panel-renderer.svelte';

/** Splitter drags fire layout changes every frame; write once the hand stops. */
const SAVE_DEBOUNCE_MS = 400;

const themes: Record<Theme, DockviewTheme> = {
  dark: { ...themeDark, className: `${themeDark.className} bandroom-dock` },
  light: { ...themeLight, className: `${themeLight.className} bandroom-dock` }
};

/**
 * A new panel of a kind already on screen opens beside it while both still fit
 * at their preferred width (two pad banks side by side), and as a tab after that.
 */
export function placeBeside(siblingGroupWidth: number, preferredWidth: number): 'right' | 'within' {
  return siblingGroupWidth >= preferredWidth * 1.5 ? 'right' : 'within';
}

function asControlPanel(id: string, type: string, params: PanelParameters | undefined): ControlPanelState | undefined {
  if (type !== 'pad' && type !== 'knob') return undefined;
  const { bank, active, preset, values } = params ?? {};
  if ((bank !== 'A' && bank !== 'B') || typeof preset !== 'string') return undefined;
  return { id, type, bank, active: active === true, preset, ...(Array.isArray(values) ? { values: values as number[] } : {}) };
}

function asActivatable(id: string, type: string, params: PanelParameters | undefined): ActivatablePanel | undefined {
  const bank: unknown = params?.['bank'];
  const active: unknown = params?.['active'];
  return typeof bank === 'string' && typeof active === 'boolean' ? { id, type, bank, active } : undefined;
}

export type RestoreOutcome = 'saved' | 'default' | 'reset';

/**
 * The browser glue around dockview: creates it, restores and autosaves the
 * layout, and adds panels from the registry. Pure rules live in the modules
 * it imports; this file only wires them.
 */
export class Workspace {
  readonly api: DockviewApi;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #disposers: Array<() => void> = [];

  constructor(
    element: HTMLElement,
    private readonly registry: PanelRegistry,
    private readonly services: AppServices,
    private readonly layouts: LayoutRepository
  ) {
    this.api = createDockview(element, {
      theme: themes[services.settings.current.theme],
      dndStrategy: 'pointer',
      createComponent: ({ name }) => new SveltePanelRenderer(registry.require(name), services, (id, next) => this.changePanelParams(id, next)),
      getTabContextMenuItems: ({ panel, group }) => this.#tabMenu(panel, group.api.location.type === 'floating')
    });
    // Routing follows every panel that comes or goes (a closed active panel leaves its bank free).
    const added = this.api.onDidAddPanel(() => services.controls.sync());
    const removed = this.api.onDidRemovePanel(() => services.controls.sync());
    const presetChanges = services.presets.onChange((change) => this.#followPreset(change));
    this.#disposers.push(() => added.dispose(), () => removed.dispose(), presetChanges);
    services.controls.attach({
      panels: () => this.api.panels.flatMap((panel) => asControlPanel(panel.id, panel.api.component, panel.params) ?? []),
      params: (id) => this.api.getPanel(id)?.params as Record<string, unknown> | undefined,
      changePanelParams: (id, next) => this.changePanelParams(id, next)
    });
  }

  /** Panels on a renamed or deleted preset move with it, and a deletion says where they went. */
  #followPreset(change: PresetChange): void {
    if (change.reason === 'edited') return;
    const moved = this.api.panels.filter((panel) => (panel.api.component === 'pad' || panel.api.component === 'knob') && panel.params?.['preset'] === change.from);
    for (const panel of moved) panel.api.updateParameters({ ...panel.params, preset: change.to });
    this.services.controls.sync();
    if (change.reason === 'deleted' && moved.length > 0) {
      this.services.notices.show({
        id: 'preset-deleted',
        tone: 'info',
        title: `Preset "${change.from}" was deleted`,
        detail: `${moved.length} panel(s) that used it now use "${change.to}": ${moved.map((panel) => panel.title ?? panel.id).join(', ')}.`
      });
    }
  }

  setTheme(theme: Theme): void {
    this.api.updateOptions({ theme: themes[theme] });
  }

  /** Restores the saved layout, or the default one (saying why) when it is missing or unusable. */
  async restore(): Promise<RestoreOutcome> {
    const { log } = this.services;
    let loaded;
    try {
      loaded = await this.layouts.load();
    } catch (error) {
      log.error('workspace', 'Could not read the saved layout', { error });
      loaded = { kind: 'none' } as const;
    }
    if (loaded.kind === 'saved') {
      try {
        this.api.fromJSON(loaded.layout.dockview);
        this.services.controls.sync();
        log.info('workspace', 'Layout restored', { panels: this.api.panels.length });
        return 'saved';
      } catch (error) {
        const key = await this.layouts.reject(loaded.layout).catch(() => 'not saved');
        this.#announceReset(`the layout engine refused it (${error instanceof Error ? error.message : String(error)})`, key);
      }
    } else if (loaded.kind === 'rejected') {
      this.#announceReset(loaded.problem, loaded.quarantineKey);
    }
    this.resetToDefault();
    // Saved at once, so what the musician sees is what the next load restores.
    await this.saveNow();
    if (loaded.kind === 'none') {
      log.info('workspace', 'Opened the default layout');
      return 'default';
    }
    return 'reset';
  }

  resetToDefault(): void {
    applyDefaultLayout(this.api, this.registry, (type) => nextPanelId(type, this.api.panels.map((panel) => panel.id)));
  }

  /** Saves after every change (debounced) from now on. */
  startAutosave(): void {
    const subscription = this.api.onDidLayoutChange(() => {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = setTimeout(() => void this.saveNow(), SAVE_DEBOUNCE_MS);
    });
    this.#disposers.push(() => subscription.dispose());
  }

  async saveNow(): Promise<void> {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    try {
      await this.layouts.save(toLayoutRecord(this.api.toJSON(), Date.now()));
    } catch (error) {
      this.services.log.error('workspace', 'Could not save the layout', { error });
    }
  }

  /** Adds a panel of a kind; a singleton that is already open is brought to the front instead. */
  addPanel(type: string): IDockviewPanel {
    const kind = this.registry.require(type);
    const existing = this.api.panels.filter((panel) => panel.api.component === type);
    if (kind.singleton && existing[0]) {
      existing[0].api.setActive();
      return existing[0];
    }
    const sibling = existing.at(-1);
    const companion = sibling ? undefined : this.api.panels.find((other) => kind.opensBeside !== undefined && other.api.component === kind.opensBeside);
    const panel = this.api.addPanel({
      id: nextPanelId(type, this.api.panels.map((item) => item.id)),
      component: type,
      title: titleForNewPanel(kind.title, this.api.panels.map((item) => item.title ?? '')),
      params: kind.initialParams() as object,
      renderer: kind.alwaysRendered ? 'always' : 'onlyWhenVisible',
      ...(sibling
        ? { position: { referencePanel: sibling, direction: placeBeside(sibling.group.width, kind.defaultSize.width) } }
        : companion
          ? { position: { referencePanel: companion, direction: 'within' as const } }
          : { floating: { width: kind.defaultSize.width, height: kind.defaultSize.height } })
    });
    this.services.log.info('workspace', `Added panel "${panel.title}"`, { type, id: panel.id });
    return panel;
  }

  /**
   * Applies a panel's new state, and with it the activation rule: the panel
   * that becomes active on a (type, bank) deactivates the previous one, in
   * the same step, so routing never sees two active panels.
   */
  changePanelParams(id: string, next: PanelParameters): void {
    const panel = this.api.getPanel(id);
    if (!panel) return;
    const changed = asActivatable(id, panel.api.component, next);
    if (changed) {
      for (const { id: otherId } of activationChanges(this.#activatablePanels(), changed)) {
        const other = this.api.getPanel(otherId);
        if (!other) continue;
        other.api.updateParameters({ ...other.params, active: false });
        this.services.log.info('workspace', `"${other.title}" is now inactive: "${panel.title}" took bank ${changed.bank}`);
      }
    }
    panel.api.updateParameters(next);
    this.services.controls.sync();
  }

  /** The panel that receives MIDI for (type, bank), if any. */
  activePanelFor(type: string, bank: string): string | undefined {
    return activePanelFor(this.#activatablePanels(), type, bank)?.id;
  }

  #activatablePanels(): ActivatablePanel[] {
    return this.api.panels.flatMap((panel) => asActivatable(panel.id, panel.api.component, panel.params) ?? []);
  }

  /** Moves a panel out of its tab group into a new group beside it. */
  splitPanel(panel: IDockviewPanel, direction: 'right' | 'bottom'): void {
    panel.api.moveTo({ group: panel.group, position: direction });
  }

  dispose(): void {
    void this.saveNow();
    for (const dispose of this.#disposers) dispose();
    this.api.dispose();
  }

  #announceReset(problem: string, quarantineKey: string): void {
    this.services.log.warn('workspace', `Saved layout could not be used: ${problem}`, { keptAs: quarantineKey });
    this.services.notices.show({
      id: 'layout-reset',
      tone: 'warning',
      title: 'Your saved layout could not be loaded, so the default layout is shown',
      detail: `Reason: ${problem}. The old copy was kept aside (${quarantineKey}), not deleted.`
    });
  }

  #tabMenu(panel: IDockviewPanel, floating: boolean): ContextMenuItem[] {
    const items: ContextMenuItem[] = [];
    if (!floating && panel.group.panels.length > 1) {
      items.push(
        { label: 'Move to new group on the right', action: () => this.splitPanel(panel, 'right') },
        { label: 'Move to new group below', action: () => this.splitPanel(panel, 'bottom') }
      );
    }
    if (!floating) items.push('float', 'maximize');
    items.push('separator', 'close', 'closeOthers');
    return items;
  }
}
