// Child process of the crash-safety test: appends as fast as it can (several appends in flight, so
// group commits happen) and prints "<seq> <id>" for each append only once it has been acknowledged.
import { openJournal } from '../../electron/journal';
import { systemClock } from '../../electron/clock';

const dir = process.argv[2];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const journal = await openJournal({ dir, clock: systemClock, log: silent });
process.stdout.write(`ready ${journal.records().length}\n`);

let counter = 0;
async function appendForever(): Promise<never> {
  for (;;) {
    const id = `${process.pid}-${counter++}`;
    // Vary the size so records straddle page and block boundaries.
    const record = await journal.append('note.added', { id, text: `note ${id} ${'ü'.repeat(counter % 700)}` });
    process.stdout.write(`${record.seq} ${id}\n`);
  }
}
await Promise.all([appendForever(), appendForever(), appendForever(), appendForever()]);
