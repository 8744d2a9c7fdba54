import type { z } from 'zod';

/** The readable text of anything thrown: an Error's message, anything else as a string. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What zod found wrong, readable: the first `max` problems, each with where it is
 * ("identity.emails.0: Invalid email address"), joined by "; ". A problem at the top level is
 * named `root` when given ("settings: …"), else shown bare.
 */
export function explainZodError(error: z.ZodError, options: { max?: number; root?: string } = {}): string {
  const { max = 3, root = '' } = options;
  return error.issues
    .slice(0, max)
    .map((issue) => {
      const where = issue.path.map(String).join('.') || root;
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
