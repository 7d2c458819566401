export { HarperProcess, HarperStartError, startHarper } from './harper-process.js';
export type { HarperCredentials, HarperPorts, HarperProcessOptions } from './harper-process.js';
export { findFreePorts, isPortFree } from './ports.js';
export { COMPONENT_KEY, writeAppDir } from './app-dir.js';
export type { AppExtras } from './app-dir.js';
