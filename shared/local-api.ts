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

/**
 * The `baton mcp` tools that only read, and `connect` (its start, which reads the settings). An
 * assistant's read request names the tool it serves, and the app journals it (assistant.read) once
 * per connection; `baton mcp` opens one connection per tool call.
 */
export const ASSISTANT_READ_TOOLS = ['connect', 'who_is_on_call', 'open_pages', 'page_details', 'handoff_draft'] as const;
export const AssistantToolSchema = z.strictObject({
  name: z.enum(ASSISTANT_READ_TOOLS),
  /** The argument that matters: the page read, the schedule asked about. */
  pageId: z.string().min(1).max(200).optional(),
  schedule: z.string().min(1).max(200).optional(),
});
export type AssistantTool = z.infer<typeof AssistantToolSchema>;

export const LocalRequestSchema = z.strictObject({
  id: z.union([z.number().int(), z.string().max(100)]),
  token: z.string().max(200),
  via: LocalCallerSchema,
  channel: z.string().max(100),
  args: z.unknown().optional(),
  /** For an assistant's read: the tool it serves (required then; the command's reads carry none). */
  tool: AssistantToolSchema.optional(),
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
