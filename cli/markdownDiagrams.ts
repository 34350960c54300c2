/**
 * Mermaid diagrams embedded in a Markdown file (the README), between markers that name the
 * machine, so `mwaa-lifecycle diagram --markdown FILE` can rewrite them and a test can check
 * they match the machines:
 *
 *     <!-- diagram: account -->
 *     ```mermaid
 *     ...
 *     ```
 *     <!-- /diagram: account -->
 */

const BLOCK = /<!-- diagram: (\w+) -->\n```mermaid\n([\s\S]*?)```\n<!-- \/diagram: \1 -->/g;

/** The Mermaid text embedded for each machine, by machine name. */
export function embeddedDiagrams(markdown: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of markdown.matchAll(BLOCK)) found[match[1] ?? ''] = match[2] ?? '';
  return found;
}

/** `markdown` with the embedded diagram of each machine in `diagrams` replaced; `replaced` names those found. */
export function embedDiagrams(markdown: string, diagrams: Readonly<Record<string, string>>): { text: string; replaced: string[] } {
  const replaced: string[] = [];
  const text = markdown.replace(BLOCK, (whole, name: string) => {
    const diagram = diagrams[name];
    if (diagram === undefined) return whole;
    replaced.push(name);
    const body = diagram.endsWith('\n') ? diagram : `${diagram}\n`;
    return `<!-- diagram: ${name} -->\n\`\`\`mermaid\n${body}\`\`\`\n<!-- /diagram: ${name} -->`;
  });
  return { text, replaced };
}
