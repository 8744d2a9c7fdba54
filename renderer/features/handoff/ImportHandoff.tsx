import { useState, type ChangeEvent } from 'react';
import { api, errorMessage } from '../../api';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';

/** Taking over: import the previous on-call's handoff (its JSON, or the Markdown Baton exported). */
export function ImportHandoff() {
  const [status, setStatus] = useState<Status>(IDLE);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setStatus({ kind: 'busy', what: `Importing ${file.name}` });
    try {
      if (file.size > 10 * 1024 * 1024) throw new Error('the file is larger than 10 MB');
      const result = await api.importHandoff({ text: await file.text() });
      setStatus({
        kind: 'done',
        message: result.alreadyImported
          ? `This handoff from ${result.from} was already imported.`
          : `Imported the handoff from ${result.from}: ${result.openPages} open page(s), ${result.followups} follow-up(s).`,
      });
    } catch (error) {
      setStatus({ kind: 'error', message: `Not imported: ${errorMessage(error)}` });
    } finally {
      input.value = '';
    }
  };
  return (
    <div className="card form" aria-labelledby="handoff-import-title">
      <h2 id="handoff-import-title">Taking over?</h2>
      <label>
        <span>Import a handoff (its JSON, or Markdown Baton exported)</span>
        <input type="file" accept=".md,.markdown,.json,.txt,text/markdown,application/json,text/plain" onChange={(e) => void onFile(e)} />
      </label>
      <StatusLine status={status} />
    </div>
  );
}
