import { z } from 'zod';
import { ErrorCodeSchema } from './contract';

/**
 * The local API's wire format (the `baton` command and `baton mcp` talk to the running app with it).
 * Newline-delimited JSON over a Unix domain socket (a named pipe on Windows): one request object per
 * line, one answer per line, answered in order. Every request carries the per-install token; the
 * channel and its arguments are the contract's (shared/contract.ts) and go through the same router.
 */

/** Who is calling: the command in a terminal, or an assistant through `baton mcp`. */
export const LocalCallerSchema = z.enum(['cli', 'assistant']);
export type LocalCaller = z.infer<typeof LocalCallerSchema>;

/** The longest request line the app reads (a note is at most 64 KiB); a longer one ends the connection. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export const LocalRequestSchema = z.strictObject({
  id: z.union([z.number().int(), z.string().max(100)]),
  token: z.string().max(200),
  via: LocalCallerSchema,
  channel: z.string().max(100),
  args: z.unknown().optional(),
});
export type LocalRequest = z.infer<typeof LocalRequestSchema>;

/** The contract's error codes, plus the local API's own: a wrong token, a line that is not a request. */
export const LocalErrorCodeSchema = z.union([ErrorCodeSchema, z.enum(['unauthorized', 'bad-request'])]);
export type LocalErrorCode = z.infer<typeof LocalErrorCodeSchema>;

export const LocalResponseSchema = z.union([
  z.object({ id: z.union([z.number(), z.string()]).nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.union([z.number(), z.string()]).nullable(), ok: z.literal(false), error: z.object({ code: LocalErrorCodeSchema, message: z.string() }) }),
]);
export type LocalResponse = z.infer<typeof LocalResponseSchema>;
