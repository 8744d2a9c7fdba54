import type { BatonApi } from '../shared/bridge';

/** The renderer's only door to main. Everything goes through window.baton, built from the contract. */
export const api: BatonApi = window.baton;

/** A readable message for any failure of a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/^Error invoking remote method '[^']+': /, '');
  return String(error);
}
