import { createRequire } from 'node:module';

// xero-node hard-codes https://identity.xero.com and https://api.xero.com for token,
// /connections and (by default) API calls, and sets no timeout on any axios request. Every
// one of those goes through the default axios instance that xero-node itself loads, so one
// request interceptor on *that* instance (resolved from xero-node's own folder, never a
// second copy) points the SDK at XERO_IDENTITY_URL / XERO_API_URL and bounds every call.

export interface XeroRoutes {
  readonly identityUrl: string;
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

interface AxiosRequest {
  url?: string;
  timeout?: number;
}
interface AxiosLike {
  interceptors: { request: { use(fn: (cfg: AxiosRequest) => AxiosRequest): number } };
}

const XERO_IDENTITY = 'https://identity.xero.com';
const XERO_API = 'https://api.xero.com';

let current: XeroRoutes | undefined;
let installed = false;

/** Points xero-node at the configured hosts. The process has one Xero configuration; the last call wins. */
export function routeXeroTraffic(routes: XeroRoutes): void {
  current = { ...routes, identityUrl: trim(routes.identityUrl), apiUrl: trim(routes.apiUrl) };
  if (installed) return;
  xeroNodeAxios().interceptors.request.use((cfg) => {
    const url = cfg.url ?? '';
    if (!current || !(url.startsWith(XERO_IDENTITY) || url.startsWith(XERO_API))) return cfg;
    if (url.startsWith(XERO_IDENTITY)) cfg.url = current.identityUrl + url.slice(XERO_IDENTITY.length);
    else cfg.url = current.apiUrl + url.slice(XERO_API.length);
    if (!cfg.timeout) cfg.timeout = current.timeoutMs;
    return cfg;
  });
  installed = true;
}

function xeroNodeAxios(): AxiosLike {
  const here = createRequire(import.meta.url);
  const fromXeroNode = createRequire(here.resolve('xero-node'));
  const mod = fromXeroNode('axios') as AxiosLike & { default?: AxiosLike };
  return mod.default ?? mod;
}

const trim = (url: string) => url.replace(/\/+$/, '');
