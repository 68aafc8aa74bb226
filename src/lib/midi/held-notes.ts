/**
 * Which notes each device is holding, so unplugging a controller mid-note
 * releases exactly its notes (a stuck note is the worst live failure).
 */
export class HeldNotes {
  readonly #byDevice = new Map<string, Set<number>>();

  press(device: string, note: number): void {
    let notes = this.#byDevice.get(device);
    if (!notes) this.#byDevice.set(device, (notes = new Set()));
    notes.add(note);
  }

  release(device: string, note: number): void {
    this.#byDevice.get(device)?.delete(note);
  }

  /** Forgets the device and returns the notes it was still holding. */
  releaseAll(device: string): number[] {
    const notes = [...(this.#byDevice.get(device) ?? [])];
    this.#byDevice.delete(device);
    return notes;
  }
}
