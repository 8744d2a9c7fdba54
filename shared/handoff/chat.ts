import { z } from 'zod';
import { HandoffRangeSchema, type HandoffReport } from './model';
import { at, briefingLines, coverageHeading, coverageLines, MOOD_LABEL, openPageLine, people, title, verifiedText, windowText } from './format';

/**
 * The handoff as a chat message: Slack-compatible incoming webhooks get Block Kit with mrkdwn (and a
 * plain `text` fallback for notifications); Microsoft Teams and Google Chat get plain text. Alert and
 * people text is escaped so it cannot become a mention, a link or formatting.
 */
export const ChatKind = z.enum(['slack', 'teams', 'google-chat']);
export type ChatKind = z.infer<typeof ChatKind>;
export const CHAT_LABEL: Record<ChatKind, string> = { slack: 'Slack (or Mattermost, Rocket.Chat)', teams: 'Microsoft Teams', 'google-chat': 'Google Chat' };

const MAX_ITEMS = 10;

/** Slack mrkdwn: `&`, `<` and `>` become entities (no links or mentions); `* _ ~ \`` are fenced with zero-width spaces, so they show as typed instead of formatting. */
export function mrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '\u200b$1\u200b');
}

/** The same facts as plain lines (Teams, Google Chat, and Slack's notification fallback). */
export function chatLines(report: HandoffReport): string[] {
  const lines = [
    title(report),
    `${people(report)} · ${windowText(report)}`,
    `${MOOD_LABEL[report.header.summary.mood]}: ${report.header.summary.text}`,
    `Alerting: ${verifiedText(report)}`,
    '',
    `Still open (${report.openPages.length}):`,
    ...(report.openPages.length === 0 ? ['  nothing'] : report.openPages.slice(0, MAX_ITEMS).map((p) => `  • [${p.severity}] ${p.title} (${openPageLine(report, p)})${p.nextStep ? ` — next: ${p.nextStep}` : ''}`)),
    ...(report.openPages.length > MAX_ITEMS ? [`  … and ${report.openPages.length - MAX_ITEMS} more`] : []),
    `Silences in force: ${report.silences.length}${report.silences.length > 0 ? ` (first ends ${at(report, report.silences[0].endsAt)})` : ''}`,
    `Follow-ups: ${report.followups.length}`,
    ...report.followups.slice(0, MAX_ITEMS).map((f) => `  • ${f.text}${f.owner ? ` (${f.owner})` : ''}`),
    ...briefingLines(report).map(([label, text]) => `${label}: ${text.replace(/\s*\n\s*/g, ' ')}`),
    `${coverageHeading(report)}${coverageLines(report).length === 0 ? ': full' : ':'}`,
    ...coverageLines(report).map((line) => `  • ${line}`),
  ];
  if (report.notesForNext.trim()) lines.push('', 'Notes for the next on-call:', report.notesForNext.trim());
  return lines;
}

export function chatText(report: HandoffReport): string {
  return chatLines(report).join('\n');
}

/** The JSON body posted to the webhook. */
export function chatPayload(kind: ChatKind, report: HandoffReport): Record<string, unknown> {
  if (kind !== 'slack') return { text: chatText(report) };
  const bullet = (items: string[]) => (items.length === 0 ? '_none_' : items.map((i) => `• ${i}`).join('\n'));
  const open = report.openPages.slice(0, MAX_ITEMS).map((p) => `*[${p.severity}]* ${mrkdwn(p.title)} — ${mrkdwn(openPageLine(report, p))}${p.nextStep ? `\n    next: ${mrkdwn(p.nextStep)}` : ''}`);
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: title(report).slice(0, 150), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(`${people(report)} · ${windowText(report)}`) }] },
    section(`*${MOOD_LABEL[report.header.summary.mood]}:* ${mrkdwn(report.header.summary.text)}\n*Alerting:* ${mrkdwn(verifiedText(report))}`),
    section(`*Still open (${report.openPages.length})*\n${bullet(open)}`),
    section(`*Follow-ups (${report.followups.length})*\n${bullet(report.followups.slice(0, MAX_ITEMS).map((f) => `${mrkdwn(f.text)}${f.owner ? ` (${mrkdwn(f.owner)})` : ''}`))}`),
    section(`*Silences in force:* ${report.silences.length}\n*${mrkdwn(coverageHeading(report))}:* ${coverageLines(report).length === 0 ? 'full' : mrkdwn(coverageLines(report).join('; '))}`),
  ];
  const briefing = briefingLines(report);
  if (briefing.length > 0) blocks.push(section(briefing.map(([label, text]) => `*${mrkdwn(label)}:* ${mrkdwn(text)}`).join('\n')));
  if (report.notesForNext.trim()) blocks.push(section(`*Notes for the next on-call*\n${mrkdwn(report.notesForNext.trim())}`));
  return { text: chatLines(report).slice(0, 3).join(' — '), blocks };
}

export const ChatStatusSchema = z.object({ configured: z.boolean(), kind: ChatKind.nullable(), where: z.string().nullable() });
export type ChatStatus = z.infer<typeof ChatStatusSchema>;

export const chatRequests = {
  /** Sets the chat webhook (its URL is a secret: sealed, never sent back) or, with null, forgets it. */
  setHandoffChat: { args: z.object({ kind: ChatKind, url: z.string().trim().min(1).max(2000) }).nullable(), result: ChatStatusSchema },
  handoffChatStatus: { args: z.void(), result: ChatStatusSchema },
  /** What would be posted for the draft: the plain text and the exact JSON body. */
  previewHandoffChat: { args: z.object({ range: HandoffRangeSchema }), result: z.object({ text: z.string(), body: z.string() }) },
  /** Posts a short test message. */
  testHandoffChat: { args: z.void(), result: z.object({ message: z.string() }) },
} as const;
