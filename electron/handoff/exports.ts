import { errorText } from '../../shared/errors';
import { localDate, renderHtml, renderJson, renderMarkdown, type HandoffReport } from '../../shared/handoff';
import type { ExportFormat } from '../../shared/handoff/contract';
import type { Logger } from '../log';
import { UserError } from '../user-error';

/** The edge's ways out for a report: the clipboard, a save dialog, Chromium's PDF printer. */
export interface ExportDeps {
  log: Pick<Logger, 'info' | 'error'>;
  copyText(text: string): Promise<void>;
  /** Resolves to the path written, or null if the user cancelled. */
  saveFile(suggestedName: string, content: string | Uint8Array): Promise<string | null>;
  printToPdf(html: string): Promise<Uint8Array>;
}

export interface ExportResult {
  fileName: string;
  savedTo: string | null;
  copied: boolean;
}

/** Copies or saves the report in a format; failures reach the user as one readable sentence. */
export async function exportReport(deps: ExportDeps, report: HandoffReport, format: ExportFormat): Promise<ExportResult> {
  switch (format) {
    case 'markdown-copy':
      await deps.copyText(renderMarkdown(report));
      return { fileName: fileName(report, 'md'), savedTo: null, copied: true };
    case 'markdown':
      return save(deps, fileName(report, 'md'), renderMarkdown(report));
    case 'html':
      return save(deps, fileName(report, 'html'), renderHtml(report));
    case 'json':
      return save(deps, fileName(report, 'json'), renderJson(report));
    case 'pdf':
      return save(deps, fileName(report, 'pdf'), await printPdf(deps, report));
  }
}

async function printPdf(deps: ExportDeps, report: HandoffReport): Promise<Uint8Array> {
  try {
    return await deps.printToPdf(renderHtml(report));
  } catch (error) {
    deps.log.error('handoff: printing to PDF failed', error);
    throw new UserError(`Baton could not print the handoff to PDF: ${errorText(error)}`, { cause: error });
  }
}

async function save(deps: ExportDeps, name: string, content: string | Uint8Array): Promise<ExportResult> {
  try {
    const savedTo = await deps.saveFile(name, content);
    if (savedTo) deps.log.info(`handoff: saved ${name}`);
    return { fileName: name, savedTo, copied: false };
  } catch (error) {
    deps.log.error(`handoff: saving ${name} failed`, error);
    throw new UserError(`Baton could not save ${name}: ${errorText(error)}`, { cause: error });
  }
}

/** `handoff-<schedule>-<date of the report>.<ext>`. */
export function fileName(report: HandoffReport, ext: string): string {
  const schedule = slug(report.header.scheduleName) || 'shift';
  return `handoff-${schedule}-${localDate(Date.parse(report.header.asOf), report.header.window.timeZone)}.${ext}`;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
