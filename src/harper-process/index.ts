export { HarperProcess, HarperStartError, startHarper } from './harper-process.js';
export type { HarperPorts, HarperProcessOptions } from './harper-process.js';
export { CREDENTIALS_FILE, credentialsPath, readCredentials } from './credentials.js';
export type { HarperCredentials } from './credentials.js';
export { findFreePorts, isPortFree } from './ports.js';
export { COMPONENT_KEY, writeAppDir } from './app-dir.js';
export type { AppExtras } from './app-dir.js';
