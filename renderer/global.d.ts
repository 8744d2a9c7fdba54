import type { BatonApi } from '../shared/bridge';

declare global {
  interface Window {
    /** Exposed by the preload (or the e2e harness) from the shared contract. */
    readonly baton: BatonApi;
  }
}
export {};
