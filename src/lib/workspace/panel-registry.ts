import type { Component } from 'svelte';
import * as v from 'valibot';
import type { AppServices } from '$lib/shell/app-services';

/** What every panel component receives. */
export interface PanelProps<Params = unknown> {
  /** The panel's own persisted state (validated by its kind's schema). */
  params: Params;
  /** Replace the panel's state; it is saved with the layout. */
  setParams(params: Params): void;
  /** Rename the panel's tab; saved with the layout. */
  setTitle(title: string): void;
  panelId: string;
  services: AppServices;
}

type ParamsSchema = v.GenericSchema<unknown, unknown>;

/**
 * A kind of panel: one entry in the registry is all a later feature needs to
 * add a panel type to the workspace (menus, layout restore, validation).
 */
export interface PanelKind<Schema extends ParamsSchema = ParamsSchema> {
  type: string;
  title: string;
  component: Component<PanelProps<v.InferOutput<Schema>>>;
  /** Rejects unknown fields: a saved layout with foreign params is invalid. */
  paramsSchema: Schema;
  initialParams(): v.InferOutput<Schema>;
  /** Preferred size when floated or first placed, in CSS pixels. */
  defaultSize: { width: number; height: number };
  /** Only one instance may exist (settings, logs): "add" focuses it instead. */
  singleton?: boolean;
  /** Opens as a tab beside a panel of this type, when one is open (the ledger beside the logs). */
  opensBeside?: string;
  /** Keep the DOM alive while the tab is hidden (audio, live meters). */
  alwaysRendered?: boolean;
}

export function definePanelKind<Schema extends ParamsSchema>(kind: PanelKind<Schema>): PanelKind {
  return kind as unknown as PanelKind;
}

export class PanelRegistry {
  readonly #kinds = new Map<string, PanelKind>();

  constructor(kinds: readonly PanelKind[]) {
    for (const kind of kinds) {
      if (this.#kinds.has(kind.type)) throw new Error(`Panel type "${kind.type}" is registered twice`);
      this.#kinds.set(kind.type, kind);
    }
  }

  get(type: string): PanelKind | undefined {
    return this.#kinds.get(type);
  }

  require(type: string): PanelKind {
    const kind = this.#kinds.get(type);
    if (!kind) throw new Error(`Unknown panel type "${type}"`);
    return kind;
  }

  get kinds(): readonly PanelKind[] {
    return [...this.#kinds.values()];
  }
}
