/** The processor name, shared by the worklet that registers it and the page that instantiates it. */
export const RING_READER_PROCESSOR = 'bandroom-ring-reader';
