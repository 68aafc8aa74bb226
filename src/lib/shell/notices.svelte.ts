/**
 * Messages the shell shows above the workspace: storage mode, isolation,
 * layout resets, updates. Persistent notices cannot be dismissed.
 */
export type NoticeTone = 'info' | 'warning' | 'error';

export interface NoticeAction {
  label: string;
  run(): void;
}

export interface Notice {
  id: string;
  tone: NoticeTone;
  title: string;
  detail?: string;
  persistent?: boolean;
  action?: NoticeAction;
  /** Good news goes away by itself after this long. */
  dismissAfterMs?: number;
}

export class Notices {
  list = $state<Notice[]>([]);

  /** Shows a notice, replacing one with the same id. */
  show(notice: Notice): void {
    this.list = [...this.list.filter((item) => item.id !== notice.id), notice];
    if (notice.dismissAfterMs !== undefined) setTimeout(() => this.dismiss(notice.id), notice.dismissAfterMs);
  }

  dismiss(id: string): void {
    this.list = this.list.filter((item) => item.id !== id);
  }
}
