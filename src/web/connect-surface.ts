import type { HttpConfig, XeroConfig } from '../config.js';
import { mountConnectFlow } from './connect-routes.js';
import { consentSettings } from './consent-settings.js';
import type { Surface, SurfaceServices } from './surface.js';

/** The pages a customer connects their Xero organisation on (invite links); they say when the flow is off. */
export function createConnectSurface(
  settings: { readonly xero: XeroConfig; readonly http: Pick<HttpConfig, 'publicUrl'> },
  shared: SurfaceServices,
): Surface {
  const consent = consentSettings(settings.xero, settings.http);
  return {
    name: 'connect',
    status: consent ? 'on' : 'off',
    routes: (router) => {
      mountConnectFlow(router, { ...shared.services, consent });
    },
  };
}
