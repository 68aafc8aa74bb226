import { mount, unmount } from 'svelte';
import type { GroupPanelPartInitParameters, IContentRenderer, PanelUpdateEvent, Parameters } from 'dockview-core';
import type { AppServices } from '$lib/shell/app-services';
import type { PanelKind, PanelProps } from './panel-registry';

/**
 * The one adapter between dockview and Svelte: mounts a panel kind's
 * component into dockview's element with reactive props, and routes the
 * component's state changes back through dockview so they are serialised
 * with the layout (updateParameters fires onDidLayoutChange).
 */
export class SveltePanelRenderer implements IContentRenderer {
  readonly element = document.createElement('div');
  #instance: ReturnType<typeof mount> | undefined;
  #props: PanelProps | undefined;

  constructor(
    private readonly kind: PanelKind,
    private readonly services: AppServices,
    /** Every panel state change goes through the workspace, which owns cross-panel rules. */
    private readonly changeParams: (panelId: string, next: Parameters) => void
  ) {
    this.element.className = 'panel-host';
    this.element.dataset.panelType = kind.type;
  }

  init({ params, api }: GroupPanelPartInitParameters): void {
    this.element.dataset.panelId = api.id;
    const props: PanelProps = $state({
      params: params ?? this.kind.initialParams(),
      // A snapshot: params spread from the reactive props still hold proxies, which IndexedDB cannot clone.
      setParams: (next: unknown) => this.changeParams(api.id, $state.snapshot(next) as Parameters),
      setTitle: (title: string) => api.setTitle(title),
      panelId: api.id,
      services: this.services
    });
    this.#props = props;
    this.#instance = mount(this.kind.component, { target: this.element, props });
  }

  update(event: PanelUpdateEvent): void {
    if (this.#props) this.#props.params = event.params;
  }

  dispose(): void {
    if (this.#instance) void unmount(this.#instance);
    this.#instance = undefined;
  }
}
