/**
 * The few web-platform globals that both runtimes of shared/ provide (Node in main, Chromium in the
 * renderer). shared/ is checked against ES2024 plus this file only, so a DOM-only or Node-only global
 * (`window`, `process`, `Buffer`) is a type error there. Add a global here only if both runtimes have it.
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  toString(): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
