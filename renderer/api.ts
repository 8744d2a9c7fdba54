import type { BatonApi } from '../shared/bridge';
import { errorText } from '../shared/errors';

/** The renderer's only door to main. Everything goes through window.baton, built from the contract. */
export const api: BatonApi = window.baton;

/** A readable message for any failure of a call. */
export function errorMessage(error: unknown): string {
  return errorText(error).replace(/^Error invoking remote method '[^']+': /, '');
}
