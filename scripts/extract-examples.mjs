// Copies the runnable examples out of a Markdown page, exactly as printed: each fenced block that follows a
// `<!-- example: PATH -->` line is written to PATH under the output folder, and the command the page prints for it
// (the last "run with `COMMAND`" before the marker) is written as one line of OUT/commands.txt: PATH<TAB>COMMAND.
//   node scripts/extract-examples.mjs docs/testing.md OUT
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [page, out] = process.argv.slice(2);
if (!page || !out) throw new Error('usage: extract-examples.mjs PAGE.md OUTPUT_DIR');
const lines = readFileSync(page, 'utf8').split('\n');
const commands = [];
let lastCommand;
for (let i = 0; i < lines.length; i++) {
  const run = [...lines[i].matchAll(/run with\s+`([^`]+)`/g)].at(-1);
  if (run) lastCommand = run[1];
  // A command may wrap onto the next line of the paragraph.
  const wrapped = /run with\s*$/.test(lines[i]) && /^`([^`]+)`/.exec(lines[i + 1] ?? '');
  if (wrapped) lastCommand = wrapped[1];
  const marker = /^<!-- example: (\S+) -->$/.exec(lines[i]);
  if (!marker) continue;
  if (!lastCommand) throw new Error(`${page}:${i + 1}: no "run with \`COMMAND\`" before the example ${marker[1]}`);
  const open = lines[i + 1] ?? '';
  if (!/^```/.test(open)) throw new Error(`${page}:${i + 2}: the example ${marker[1]} must be a fenced block right after its marker`);
  const end = lines.indexOf('```', i + 2);
  if (end === -1) throw new Error(`${page}:${i + 2}: the example ${marker[1]} is not closed`);
  const file = join(out, marker[1]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.slice(i + 2, end).join('\n')}\n`);
  commands.push(`${marker[1]}\t${lastCommand}`);
  lastCommand = undefined;
  i = end;
}
if (commands.length === 0) throw new Error(`${page}: no examples found`);
writeFileSync(join(out, 'commands.txt'), `${commands.join('\n')}\n`);
process.stdout.write(`${commands.length} examples from ${page}\n`);
