/**
 * `diagram [machine] --format mermaid|dot|svg|json [--out FILE] [--markdown FILE]`: the
 * statecharts drawn from their own definitions, offline. Without a machine, all three; with
 * `--markdown`, the Mermaid diagrams embedded in a Markdown file are brought up to date.
 */
import { chmodSync, readFileSync, statSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import { renderDiagram, type DiagramFormat } from '../diagram';
import { machineGraph } from '../diagram/graph';
import { accountMachine, environmentMachine, serviceLinkedRoleMachine } from '../machines';
import { ExitCode, UsageError, type ExitCodeValue } from './args';
import type { Io } from './io';
import { embedDiagrams } from './markdownDiagrams';
import { writeOutputFile } from './outputFile';
import { fileProblem } from './preflight';

/** The machines `diagram` draws, by the name given on the command line, in the order drawn. */
export const DIAGRAM_MACHINES: Readonly<Record<'environment' | 'serviceLinkedRole' | 'account', AnyStateMachine>> = {
  environment: environmentMachine,
  serviceLinkedRole: serviceLinkedRoleMachine,
  account: accountMachine,
};

/** A name of {@link DIAGRAM_MACHINES}. */
export type DiagramMachineName = keyof typeof DIAGRAM_MACHINES;

/** Options of `diagram`. */
export interface DiagramFlags {
  format: DiagramFormat;
  out?: string;
  markdown?: string;
}

/**
 * The diagrams of `names` in `format` as one text: one machine as the format has it; several as
 * Mermaid diagrams one after another (each under a `%% name` comment), DOT graphs one after
 * another (Graphviz reads them all), or one JSON object of graphs by name. SVG draws one machine.
 */
export async function diagramText(names: readonly DiagramMachineName[], format: DiagramFormat): Promise<string> {
  const [only] = names;
  if (names.length === 1 && only !== undefined) return renderDiagram(DIAGRAM_MACHINES[only], format);
  switch (format) {
    case 'svg':
      throw new UsageError('an SVG holds one machine: name environment, serviceLinkedRole or account');
    case 'json':
      return `${JSON.stringify(Object.fromEntries(names.map((name) => [name, machineGraph(DIAGRAM_MACHINES[name])])), null, 2)}\n`;
    case 'mermaid': {
      const parts = await Promise.all(names.map(async (name) => `%% ${name}\n${await renderDiagram(DIAGRAM_MACHINES[name], 'mermaid')}`));
      return parts.join('\n');
    }
    case 'dot':
      return (await Promise.all(names.map((name) => renderDiagram(DIAGRAM_MACHINES[name], 'dot')))).join('\n');
  }
}

/** Rewrites the embedded Mermaid diagrams of `names` in the Markdown file `path`. */
async function updateMarkdown(path: string, names: readonly DiagramMachineName[], io: Io): Promise<ExitCodeValue> {
  let markdown: string;
  try {
    markdown = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${fileProblem(e)}`);
  }
  const diagrams = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await renderDiagram(DIAGRAM_MACHINES[name], 'mermaid')] as const)));
  const { text, replaced } = embedDiagrams(markdown, diagrams);
  if (replaced.length === 0) throw new UsageError(`${path} has no diagram markers (<!-- diagram: NAME --> ... <!-- /diagram: NAME -->) for ${names.join(', ')}`);
  if (text !== markdown) {
    // The file is replaced, not edited in place: it keeps the permissions it had.
    const mode = statSync(path).mode & 0o777;
    writeOutputFile(path, text, 'the Markdown file');
    chmodSync(path, mode);
  }
  io.out(`${text === markdown ? 'already up to date' : 'updated'}: ${path} (${replaced.join(', ')})`);
  return ExitCode.done;
}

/** Runs `diagram` for `machine` (all three when omitted). */
export async function diagramCommand(machine: DiagramMachineName | undefined, flags: DiagramFlags, io: Io): Promise<ExitCodeValue> {
  const names = machine === undefined ? (Object.keys(DIAGRAM_MACHINES) as DiagramMachineName[]) : [machine];
  if (flags.markdown !== undefined) {
    if (flags.format !== 'mermaid' || flags.out !== undefined) throw new UsageError('--markdown writes Mermaid diagrams into the file itself: leave out --format and --out');
    return updateMarkdown(flags.markdown, names, io);
  }
  const text = await diagramText(names, flags.format);
  if (flags.out === undefined) io.out(text.replace(/\n$/, ''));
  else writeOutputFile(flags.out, text, 'the diagram');
  return ExitCode.done;
}
