/**
 * A line-level check of the Mermaid `stateDiagram-v2` subset the exporter writes: every line is a
 * statement Mermaid's grammar knows, ids are plain, labels carry no character Mermaid would read
 * as syntax, and blocks balance. Returns the problems found (none for valid text).
 */
const ID = '[A-Za-z_][A-Za-z0-9_]*';
const SAFE_TEXT = '(?:[^;#"<>\\n]|#[A-Za-z0-9]+;)*';

const STATEMENTS: readonly RegExp[] = [
  /^stateDiagram-v2$/,
  /^direction (TB|BT|LR|RL)$/,
  new RegExp(`^state "${SAFE_TEXT}" as ${ID}( \\{)?$`),
  /^\}$/,
  /^--$/,
  new RegExp(`^(\\[\\*\\]|${ID}) --> (\\[\\*\\]|${ID})( : ${SAFE_TEXT})?$`),
  new RegExp(`^classDef ${ID} [^;]+$`),
  new RegExp(`^class ${ID}(,${ID})* ${ID}$`),
];

/** Problems in `text` as a Mermaid state diagram, each naming its line. */
export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  text
    .split('\n')
    .map((line) => line.trim())
    .forEach((line, index) => {
      if (line === '') return;
      if (!STATEMENTS.some((statement) => statement.test(line))) problems.push(`line ${index + 1}: ${line}`);
      if (line.endsWith('{')) depth += 1;
      if (line === '}') depth -= 1;
      if (depth < 0) problems.push(`line ${index + 1}: unbalanced }`);
    });
  if (depth !== 0) problems.push(`${depth} unclosed block(s)`);
  if (!text.startsWith('stateDiagram-v2\n')) problems.push('does not start with stateDiagram-v2');
  return problems;
}

const ENTITIES: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };

/** Mermaid entity codes (`#35;`, `#quot;`) back to characters. */
const decode = (text: string): string =>
  text.replace(/#(\w+);/g, (code, name: string) => (/^\d+$/.test(name) ? String.fromCharCode(Number(name)) : (ENTITIES[name] ?? code)));

/** Edge statements `from --> to : label` of a Mermaid text (pseudo-state arrows left out), labels decoded. */
export function mermaidEdges(text: string): Array<{ from: string; to: string; label: string }> {
  const pattern = new RegExp(`^(${ID}) --> (${ID}) : (.*)$`);
  return text
    .split('\n')
    .map((line) => pattern.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ from: match[1]!, to: match[2]!, label: decode(match[3]!) }));
}
