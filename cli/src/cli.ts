// The `loopscope` command: dispatches to one command module per subcommand.
import { version } from '../../package.json';
import { debugAdapterCommand, DEBUG_ADAPTER_USAGE } from './commands/debugAdapterCommand';
import { lintCommand, LINT_USAGE } from './commands/lintCommand';
import { ruleCommand, RULE_USAGE } from './commands/ruleCommand';
import { rulesCommand, RULES_USAGE } from './commands/rulesCommand';
import { runCommand, RUN_USAGE } from './commands/runCommand';
import { serverCommand, SERVER_USAGE } from './commands/serverCommand';
import { UsageError } from './usageError';

type Command = (args: readonly string[]) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  lint: lintCommand,
  rules: rulesCommand,
  rule: ruleCommand,
  run: runCommand,
  server: serverCommand,
  'debug-adapter': debugAdapterCommand,
};

const USAGE = `Loopscope ${version}: see and fix Python asyncio.

${LINT_USAGE}

${RULES_USAGE}

${RULE_USAGE}

${RUN_USAGE}

${SERVER_USAGE}

${DEBUG_ADAPTER_USAGE}

-V, --version prints the version.`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`loopscope ${version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
  return command(args);
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    const isUsage =
      error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(
      `loopscope: ${isUsage ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
