/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { grooveScorerApi } from './groove-scorer-api';

// Off the main thread so scoring can never become MIDI jitter.
Comlink.expose(grooveScorerApi);
