/**
 * The one line that says why a task or connector failed, from a Java stack trace: the innermost "Caused by:" (Connect
 * wraps the sink's own exception in "Tolerance exceeded" or "Exiting WorkerSinkTask"), without the package of its
 * exception class; the first line when there is no cause chain.
 */
export function failureCause(trace: string): string {
  const lines = trace.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  const line = (causes.length ? causes[causes.length - 1].slice('Caused by:'.length) : lines[0] ?? '').trim();
  const match = /^([\w$]+\.)+([\w$]+(?:Exception|Error|Throwable))(?::\s*(.*))?$/.exec(line);
  if (!match) return line;
  return match[3] ? `${match[2]}: ${match[3]}` : match[2];
}
