import { CopyButton } from './CopyButton.tsx';

/** A code sample with a copy button; `language` only labels it. */
export function CodeBlock({ code, language, testId }: { code: string; language: string; testId?: string }) {
  return (
    <div className="code-block" data-testid={testId}>
      <div className="code-block-bar">
        <span className="code-language">{language}</span>
        <CopyButton text={code} />
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}
