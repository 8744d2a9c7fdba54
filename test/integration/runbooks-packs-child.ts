// Child process of runbooks-packs.test.ts: stores runbooks in a cache over and over (each round
// changes every body), saving every few, until it is killed. Prints "saved <n>" after each save.
import { openRunbookCache } from '../../electron/runbooks/cache';
import { parseMarkdown } from '../../electron/runbooks/parse';
import { generateRunbook } from '../bench/runbook-corpus';

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
const { cache } = await openRunbookCache(dir);
let saves = 0;
for (let round = 0; ; round++) {
  for (let i = 0; i < count; i++) {
    const { name, text } = generateRunbook(i);
    await cache.put('crash', name, parseMarkdown(`${text}\nround ${round}\n`, name.replace(/\.md$/, '')), new Date().toISOString());
    if (i % 25 === 24) {
      await cache.save();
      process.stdout.write(`saved ${++saves}\n`);
    }
  }
}
