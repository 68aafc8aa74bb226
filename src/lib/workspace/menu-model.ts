/** The toolbar's hierarchical menus, as data: the component only renders them. */
export interface MenuItem {
  label: string;
  /** Runs the command; absent for submenus and for disabled explanations. */
  run?: () => void;
  children?: MenuItem[];
  disabled?: boolean;
  /** A short line under the label (why it is disabled, what it does). */
  hint?: string;
}

export interface WorkspaceCommands {
  addPanel(type: string): void;
  resetLayout(): void;
  importInstrumentFile(): void;
  importSfzFolder(): void;
  connectMidi(): void;
}

export function buildMenus(commands: WorkspaceCommands): MenuItem[] {
  return [
    {
      label: 'Controls',
      children: [
        { label: 'Add pad panel', run: () => commands.addPanel('pad') },
        { label: 'Add knob panel', run: () => commands.addPanel('knob') },
        { label: 'Connect MIDI devices', run: () => commands.connectMidi() }
      ]
    },
    {
      label: 'Instruments',
      children: [
        { label: 'Open piano', run: () => commands.addPanel('piano') },
        { label: 'Load SF2 or zipped SFZ…', run: () => commands.importInstrumentFile() },
        { label: 'Load SFZ folder…', run: () => commands.importSfzFolder() }
      ]
    },
    {
      label: 'Analysis',
      children: [
        { label: 'Analyse a recording…', hint: 'Opens the Analysis panel: drop a file or choose one', run: () => commands.addPanel('analysis') },
        { label: 'Open analysis', run: () => commands.addPanel('analysis') },
        { label: 'Who talks when…', hint: 'Opens the diarization panel: speakers, music and silence on a timeline', run: () => commands.addPanel('diarization') },
        { label: 'Open jobs', run: () => commands.addPanel('jobs') },
        { label: 'Manage models', hint: 'Built-in models, offline status, your own stem and speaker models', run: () => commands.addPanel('models') }
      ]
    },
    {
      label: 'Settings',
      children: [
        { label: 'Open settings', run: () => commands.addPanel('settings') },
        {
          label: 'Layout',
          children: [{ label: 'Reset to default layout', run: () => commands.resetLayout() }]
        }
      ]
    },
    {
      label: 'Logs',
      children: [
        { label: 'Open logs', run: () => commands.addPanel('logs') },
        { label: 'Open action ledger', run: () => commands.addPanel('ledger') }
      ]
    }
  ];
}
