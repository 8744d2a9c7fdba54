import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The last good copy of each feed, so schedules work offline and after a failed refresh. */
const MetaSchema = z.object({ etag: z.string().optional(), lastModified: z.string().optional(), fetchedAt: z.string() });
export type CacheMeta = z.infer<typeof MetaSchema>;

export interface FeedCache {
  read(id: string): Promise<{ text: string; meta: CacheMeta } | null>;
  write(id: string, text: string, meta: CacheMeta): Promise<void>;
  /** Updates only the metadata (a 304 answer). */
  touch(id: string, meta: CacheMeta): Promise<void>;
  remove(id: string): Promise<void>;
}

export function createFeedCache(dir: string): FeedCache {
  const file = (id: string, ext: string) => path.join(dir, `${id.replace(/[^a-zA-Z0-9_-]/g, '_')}.${ext}`);
  const atomicWrite = async (target: string, content: string) => {
    await fs.mkdir(dir, { recursive: true });
    const tmp = `${target}.tmp`;
    await fs.writeFile(tmp, content, { mode: 0o600 });
    await fs.rename(tmp, target);
  };
  return {
    async read(id) {
      try {
        const [text, metaText] = await Promise.all([fs.readFile(file(id, 'ics'), 'utf8'), fs.readFile(file(id, 'json'), 'utf8')]);
        const meta = MetaSchema.safeParse(JSON.parse(metaText));
        return meta.success ? { text, meta: meta.data } : null;
      } catch {
        return null;
      }
    },
    async write(id, text, meta) {
      await atomicWrite(file(id, 'ics'), text);
      await atomicWrite(file(id, 'json'), JSON.stringify(meta));
    },
    async touch(id, meta) {
      await atomicWrite(file(id, 'json'), JSON.stringify(meta));
    },
    async remove(id) {
      await Promise.all([fs.rm(file(id, 'ics'), { force: true }), fs.rm(file(id, 'json'), { force: true })]);
    },
  };
}
