import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/app-store-context';
import type { ConsoleEntry } from '../../store/console-slice';
import { ConsoleInput } from './ConsoleInput';

/** The session interpreter inside the panel: the same commands and answers as the terminal. */
export function ConsoleView() {
  const entries = useAppStore((state) => state.console.entries);
  const clear = useAppStore((state) => state.clearConsole);
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = log.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [entries]);

  return (
    <div className="console" data-testid="console">
      <header className="section-header">
        <h2 className="section-title">Console</h2>
        <p className="console__hint">
          Commands start with <code>/</code> (<code>/help</code> lists them); plain phrases work too:{' '}
          <code>reload knowledge_engine</code>, <code>roll back knowledge_engine</code>, <code>history of text_utils</code>. Tab
          completes. A command that asks first (like <code>/rollback</code>) asks here; add <code>--yes</code> to answer up front.
        </p>
        <button type="button" className="button" onClick={clear} disabled={entries.length === 0}>
          Clear
        </button>
      </header>
      <div className="console__log" role="log" aria-label="Console output" aria-live="polite" ref={log} data-testid="console-log">
        {entries.length === 0 && <p className="empty">Type a command below, e.g. /modules.</p>}
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </div>
      <ConsoleInput />
    </div>
  );
}

function Entry({ entry }: { entry: ConsoleEntry }) {
  return (
    <div className={`console-entry console-entry--${entry.status}`} data-testid="console-entry" data-status={entry.status}>
      <p className="console-entry__input">
        <span className="console-entry__prompt" aria-hidden="true">
          {entry.status === 'event' ? '!' : '›'}
        </span>
        <span>{entry.input}</span>
        {entry.command !== null && entry.command !== entry.input && (
          <span className="console-entry__command" title="The session command this line ran as">
            → {entry.command}
          </span>
        )}
      </p>
      {entry.status === 'running' && <p className="muted small">Running…</p>}
      {entry.answered !== undefined && entry.question !== undefined && (
        <p className="console-entry__qa">
          {entry.question.question} <strong>{entry.answered}</strong>
        </p>
      )}
      {entry.status === 'question' && entry.question !== undefined && <QuestionForm entry={entry} />}
      {entry.status === 'ok' && <pre className="console-entry__output">{entry.text === '' ? '(done)' : entry.text}</pre>}
      {entry.status === 'event' && <p className="console-entry__event">{entry.text}</p>}
      {entry.status === 'error' && entry.error !== undefined && (
        <div className="console-entry__error" role="alert">
          <p>
            <code>{entry.error.code}</code> {entry.error.message}
          </p>
          {entry.error.hint !== undefined && <p className="muted">{entry.error.hint}</p>}
        </div>
      )}
    </div>
  );
}

function QuestionForm({ entry }: { entry: ConsoleEntry }) {
  const answer = useAppStore((state) => state.answerConsoleQuestion);
  const [text, setText] = useState('');
  const question = entry.question;
  const first = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => (first.current ?? field.current)?.focus(), []);
  if (question === undefined) return null;
  // The answers that make sense, the default first; any text goes when the command offers none.
  const choices = orderChoices(question.choices ?? [], question.defaultAnswer);
  return (
    <form
      className="console-question"
      aria-label={question.question}
      onSubmit={(event) => {
        event.preventDefault();
        void answer(text);
      }}
    >
      <p className="console-question__text">{question.question}</p>
      <div className="console-question__controls">
        {choices.length > 0 && (
          <span className="console-question__choices" role="group" aria-label="Answers" data-testid="console-choices">
        {choices.map((choice, index) => (
          <button
            key={choice}
            type="button"
            className={index === 0 ? 'button button--primary' : 'button'}
            ref={index === 0 ? first : undefined}
            onClick={() => void answer(choice)}
          >
            {choice}
            {choice === question.defaultAnswer && <span className="visually-hidden"> (default)</span>}
          </button>
        ))}
          </span>
        )}
        <label className="field field--inline">
          <span className="visually-hidden">Answer</span>
          <input
            ref={field}
            aria-label="Answer"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={question.defaultAnswer === null ? 'Answer' : `Answer (default: ${question.defaultAnswer})`}
          />
        </label>
        <button type="submit" className="button">
          Send answer
        </button>
        <span className="muted small">
          Or run the command with <code>{question.flag}</code>.
        </span>
      </div>
    </form>
  );
}

function orderChoices(choices: readonly string[], defaultAnswer: string | null): string[] {
  if (defaultAnswer === null || !choices.includes(defaultAnswer)) return [...choices];
  return [defaultAnswer, ...choices.filter((choice) => choice !== defaultAnswer)];
}
