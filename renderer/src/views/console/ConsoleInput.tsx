import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store/app-store-context';
import { describeFailure } from '../../store/describe-failure';

/**
 * The command line: Enter runs, ↑/↓ walk the history, Tab completes (commands, module ids,
 * functions, version ids, phrases). Several candidates are listed under the line.
 */
export function ConsoleInput() {
  const run = useAppStore((state) => state.runConsoleLine);
  const complete = useAppStore((state) => state.completeConsoleLine);
  const history = useAppStore((state) => state.console.history);
  const busy = useAppStore((state) => state.console.busy);
  const [line, setLine] = useState('');
  const [cursor, setCursor] = useState<number | null>(null);
  const [candidates, setCandidates] = useState<{ from: number; list: readonly string[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  const submit = () => {
    const text = line.trim();
    if (text === '') return;
    setLine('');
    setCursor(null);
    setCandidates(null);
    void run(text);
  };

  const apply = (from: number, candidate: string) => {
    const next = `${line.slice(0, from)}${candidate}${candidate.startsWith('/') && !candidate.includes(' ') ? ' ' : ''}`;
    setLine(next);
    setCandidates(null);
    input.current?.focus();
  };

  const onTab = async () => {
    try {
      const completion = await complete(line);
      setProblem(null);
      if (completion.candidates.length === 1) apply(completion.from, completion.candidates[0] ?? '');
      else if (completion.candidates.length > 1) {
        const prefix = commonPrefix(completion.candidates);
        if (prefix.length > line.length - completion.from) setLine(`${line.slice(0, completion.from)}${prefix}`);
        setCandidates({ from: completion.from, list: completion.candidates });
      } else setCandidates(null);
    } catch (error) {
      setProblem(`Completion failed: ${describeFailure(error).message}`);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Tab' && !event.shiftKey && line !== '') {
      event.preventDefault();
      void onTab();
    } else if (event.key === 'Escape') {
      setCandidates(null);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      if (history.length === 0) return;
      event.preventDefault();
      const base = cursor ?? history.length;
      const next = Math.min(history.length, Math.max(0, base + (event.key === 'ArrowUp' ? -1 : 1)));
      setCursor(next === history.length ? null : next);
      setLine(history[next] ?? '');
    }
  };

  return (
    <div className="console-input">
      {candidates !== null && (
        <ul className="completions" id={listId} aria-label="Completions" data-testid="completions">
          {candidates.list.map((candidate) => (
            <li key={candidate}>
              <button type="button" className="completions__item" onClick={() => apply(candidates.from, candidate)}>
                {candidate}
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem !== null && (
        <p className="console-input__problem" role="alert">
          {problem}
        </p>
      )}
      <form
        className="console-input__form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <span className="console-entry__prompt" aria-hidden="true">
          ›
        </span>
        <input
          ref={input}
          className="console-input__field"
          aria-label="Console command"
          aria-describedby={candidates === null ? undefined : listId}
          autoComplete="off"
          spellCheck={false}
          placeholder="/help — or a phrase like “reload knowledge_engine”"
          value={line}
          onChange={(event) => {
            setLine(event.target.value);
            setCandidates(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary" disabled={line.trim() === ''}>
          {busy ? 'Run (busy…)' : 'Run'}
        </button>
      </form>
    </div>
  );
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
