// Child process of the file-size-limit test: runs under RLIMIT_FSIZE, so the kernel takes part of a
// write and then refuses the rest (EFBIG), as a nearly full disk does. Prints one JSON line per outcome.
import { openJournal } from '../../electron/journal';
import { systemClock } from '../../electron/clock';

const dir = process.argv[2];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const journal = await openJournal({ dir, clock: systemClock, log: silent });
const say = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');

let failures = 0;
for (let i = 0; failures < 2; i++) {
  try {
    const record = await journal.append('note.added', { id: `big-${i}`, text: `${i} ${'x'.repeat(3000)}` });
    say({ acked: record.seq });
  } catch (error) {
    failures++;
    say({ failed: (error as Error).message });
  }
}
// A note small enough to fit in what is left must still be saved after the failures.
const small = await journal.append('note.added', { id: 'small', text: 'fits' }).then(
  (r) => ({ acked: r.seq }),
  (e: Error) => ({ failed: e.message }),
);
say({ small });
await journal.close();
