import type { Page } from '@playwright/test';

/**
 * A Web MIDI API stand-in injected before page scripts (there is no MIDI
 * hardware or ALSA here). webmidi.js and Bandroom run unmodified on top of
 * it. The test drives it through `window.__midiShim`: plug a virtual
 * controller, send it bytes, unplug it.
 */
export async function installWebMidiShim(page: Page, options: { deny?: boolean } = {}): Promise<void> {
  await page.addInitScript((deny: boolean) => {
    type Listener = (event: unknown) => void;
    class FakePort {
      onstatechange: Listener | null = null;
      onmidimessage: Listener | null = null;
      state: 'connected' | 'disconnected' = 'connected';
      connection: 'open' | 'closed' | 'pending' = 'closed';
      readonly manufacturer = 'Bandroom test rig';
      readonly version = '1';
      constructor(
        readonly id: string,
        readonly name: string,
        readonly type: 'input' | 'output'
      ) {}
      async open() {
        // As Chrome does: opening fires statechange on the port and on MIDIAccess.
        this.connection = 'open';
        this.onstatechange?.({ port: this });
        access.onstatechange?.({ port: this });
        return this;
      }
      async close() {
        this.connection = 'closed';
        return this;
      }
      /** What the app sent to this output (pad LEDs), oldest first. */
      readonly sent: number[][] = [];
      send(data: number[]) {
        this.sent.push([...data]);
      }
      addEventListener() {}
      removeEventListener() {}
    }
    const inputs = new Map<string, FakePort>();
    const outputs = new Map<string, FakePort>();
    const access = { inputs, outputs, sysexEnabled: false, onstatechange: null as Listener | null, addEventListener() {}, removeEventListener() {} };
    let counter = 0;
    const shim = {
      plug(name: string) {
        counter += 1;
        const input = new FakePort(`in-${counter}`, name, 'input');
        const output = new FakePort(`out-${counter}`, name, 'output');
        inputs.set(input.id, input);
        outputs.set(output.id, output);
        access.onstatechange?.({ port: input });
        access.onstatechange?.({ port: output });
        return input.id;
      },
      unplug(name: string) {
        for (const map of [inputs, outputs]) {
          for (const [id, port] of map) {
            if (port.name !== name) continue;
            map.delete(id);
            // Chrome reports an unplugged port as disconnected with a pending connection.
            port.state = 'disconnected';
            port.connection = 'pending';
            port.onstatechange?.({ port });
            access.onstatechange?.({ port });
          }
        }
      },
      send(name: string, bytes: number[], timeStamp = performance.now()) {
        for (const port of inputs.values()) {
          if (port.name === name) port.onmidimessage?.({ data: new Uint8Array(bytes), timeStamp });
        }
      },
      /** Messages the device received on its output port (LED commands). */
      received(name: string): number[][] {
        return [...outputs.values()].filter((port) => port.name === name).flatMap((port) => port.sent);
      }
    };
    (window as unknown as { __midiShim: typeof shim }).__midiShim = shim;
    Object.defineProperty(Navigator.prototype, 'requestMIDIAccess', {
      configurable: true,
      value: () => (deny ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : Promise.resolve(access))
    });
  }, options.deny ?? false);
}

/**
 * Plays a timed pattern as a device would: each event is delivered at its
 * time and carries its exact hardware timestamp (ms after the start), so
 * neither test-runner latency nor timer jitter smears the timing the app sees.
 */
export async function midiPattern(page: Page, name: string, events: ReadonlyArray<{ at: number; bytes: number[] }>): Promise<void> {
  await page.evaluate(
    async ([device, pattern]) => {
      const shim = (window as unknown as { __midiShim: { send(name: string, bytes: number[], timeStamp: number): void } }).__midiShim;
      const start = performance.now();
      for (const event of [...pattern].sort((a, b) => a.at - b.at)) {
        const wait = start + event.at - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        shim.send(device, event.bytes, start + event.at);
      }
    },
    [name, events] as const
  );
}

/** What the app sent to a virtual device's output port. */
export async function midiReceived(page: Page, name: string): Promise<number[][]> {
  return page.evaluate((device) => (window as unknown as { __midiShim: { received(name: string): number[][] } }).__midiShim.received(device), name);
}

export async function midi(page: Page, call: 'plug' | 'unplug', name: string): Promise<void>;
export async function midi(page: Page, call: 'send', name: string, bytes: number[]): Promise<void>;
export async function midi(page: Page, call: 'plug' | 'unplug' | 'send', name: string, bytes: number[] = []): Promise<void> {
  await page.evaluate(
    ([method, device, data]) => {
      const shim = (window as unknown as { __midiShim: Record<string, (name: string, bytes?: number[]) => void> }).__midiShim;
      shim[method]!(device, data);
    },
    [call, name, bytes] as const
  );
}
