import { z } from 'zod';
import { errorText } from '../../../shared/errors';
import { CHAT_LABEL, ChatKind, chatPayload, type ChatStatus } from '../../../shared/handoff/chat';
import type { HandoffReport } from '../../../shared/handoff';
import { redactUrl, type SecretBox } from '../../secrets';
import { defineSection, type SettingsService } from '../../settings';
import { UserError } from '../../user-error';

/** Settings section `handoffChat`: the webhook's kind and its URL, sealed (the URL is the credential). */
export const handoffChatSection = defineSection({
  key: 'handoffChat',
  schema: z.object({ kind: ChatKind.nullable().default(null), sealedUrl: z.string().max(8192).nullable().default(null) }),
  label: 'handoff chat webhook',
  fallback: 'Handoffs are not posted to chat until the webhook is set again.',
});

const TIMEOUT_MS = 10_000;

/** Only https, or http to this machine (a local relay): a webhook URL is a credential and must not travel in the clear. */
export function checkChatUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('That is not a URL: paste the incoming webhook URL your chat gave you.');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new UserError('The webhook URL must start with https:// (it is a secret and must not travel in the clear).');
  return url;
}

export function openChat(settings: Pick<SettingsService, 'read' | 'write'>, box: SecretBox, fetchFn: typeof fetch = fetch) {
  const read = () => settings.read(handoffChatSection);
  const url = (): string | null => {
    const sealed = read().sealedUrl;
    if (!sealed) return null;
    try {
      return box.decrypt(sealed);
    } catch {
      return null;
    }
  };
  const status = (): ChatStatus => {
    const { kind } = read();
    const u = url();
    return { configured: kind !== null && u !== null, kind, where: u ? redactUrl(u) : null };
  };

  async function post(body: Record<string, unknown>): Promise<void> {
    const { kind } = read();
    const target = url();
    if (!kind || !target) throw new UserError('No chat webhook is set.');
    const where = `${CHAT_LABEL[kind]} at ${redactUrl(target)}`;
    let response: Response;
    try {
      response = await fetchFn(target, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string } };
      throw new UserError(`${where} ${cause.name === 'TimeoutError' ? `did not answer within ${TIMEOUT_MS / 1000} s` : `could not be reached (${cause.cause?.code ?? errorText(error)})`}.`);
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 200);
      const hint = response.status === 404 || response.status === 403 || response.status === 410 ? ' — the webhook URL is wrong or was revoked: paste a new one' : '';
      throw new UserError(`${where} answered ${response.status}${text ? ` (${text})` : ''}${hint}.`);
    }
  }

  return {
    status,
    set(input: { kind: z.infer<typeof ChatKind>; url: string } | null): ChatStatus {
      if (!input) settings.write(handoffChatSection, { kind: null, sealedUrl: null });
      else settings.write(handoffChatSection, { kind: input.kind, sealedUrl: box.encrypt(checkChatUrl(input.url).href) });
      return status();
    },
    async send(report: HandoffReport): Promise<void> {
      const { kind } = read();
      if (!kind) throw new UserError('No chat webhook is set.');
      await post(chatPayload(kind, report));
    },
    async test(): Promise<string> {
      const { kind } = read();
      if (!kind) throw new UserError('No chat webhook is set.');
      const text = 'Baton: test message. Handoffs will be posted here.';
      await post(kind === 'slack' ? { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] } : { text });
      return `Sent a test message to ${CHAT_LABEL[kind]}.`;
    },
  };
}
export type Chat = ReturnType<typeof openChat>;
