// The kefu command line.
import { FixtureError } from '../fixtures/validate-fixture.js';
import { events, eventsHelp } from './events.js';
import { exportHelp, exportTickets } from './export.js';
import { generate, generateHelp } from './generate.js';
import { migrateData, migrateDataHelp } from './migrate-data.js';
import { openapi, openapiHelp } from './openapi.js';
import { UsageError } from './options.js';
import { serve, serveHelp } from './serve.js';
import { StartupError } from './startup-failure.js';
import { token, tokenHelp } from './token.js';
import { loginLink, loginLinkHelp } from './login-link.js';
import { user, userHelp } from './user.js';
import { trigger, triggerHelp } from './trigger.js';

const commands: Record<string, { run: (args: string[]) => Promise<void>; help: string }> = {
  serve: { run: serve, help: serveHelp },
  token: { run: token, help: tokenHelp },
  'login-link': { run: loginLink, help: loginLinkHelp },
  user: { run: user, help: userHelp },
  generate: { run: generate, help: generateHelp },
  'migrate-data': { run: migrateData, help: migrateDataHelp },
  openapi: { run: openapi, help: openapiHelp },
  export: { run: exportTickets, help: exportHelp },
  events: { run: events, help: eventsHelp },
  trigger: { run: trigger, help: triggerHelp },
};

export function usage(): string {
  return `kefu: a self-hosted helpdesk server speaking the Feishu / Lark Helpdesk v1 Open API

Commands:

${Object.values(commands)
  .map((c) => c.help)
  .join('\n\n')}

kefu --help                 this text; kefu COMMAND --help for one command
`;
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return;
  }
  const command = commands[name];
  if (!command) return fail(`unknown command ${JSON.stringify(name)}\n\n${usage()}`);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return;
  }
  try {
    await command.run(args);
  } catch (e) {
    if (e instanceof UsageError || e instanceof FixtureError) return fail(e.message);
    if (e instanceof StartupError) return fail(e.message, 1);
    throw e;
  }
}

/** Exit code 2: the command line or its input is wrong; 1: its surroundings are (the database, the port). */
function fail(message: string, exitCode = 2): void {
  process.stderr.write(`kefu: ${message}\n`);
  process.exitCode = exitCode;
}
