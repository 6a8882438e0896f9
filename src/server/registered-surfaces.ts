import type { Config } from '../config.js';
import { createConsoleSurface } from '../console/surface.js';
import { createFreshdeskSurface } from '../freshdesk/surface.js';
import { createSlackSurface } from '../slack/surface.js';
import { createConnectSurface } from '../web/connect-surface.js';
import type { Surface, SurfaceServices } from '../web/surface.js';

/** Builds one surface from the settings, handing it only its own slice (plus shared services). */
export type SurfaceFactory = (config: Config, shared: SurfaceServices) => Surface;

/**
 * Every surface the server runs, one line each; adding one (Teams, an e-mail inbox) is a folder
 * of its own and a line here. Order is start order (stop is the reverse).
 */
export const registeredSurfaces: readonly SurfaceFactory[] = [
  (config, shared) => createConnectSurface({ xero: config.xero, http: config.http }, shared),
  (config, shared) =>
    createConsoleSurface({ console: config.console, store: config.store, http: config.http }, shared),
  (config, shared) => createFreshdeskSurface(config.freshdesk, shared),
  (config, shared) => createSlackSurface(config.slack, shared),
];
