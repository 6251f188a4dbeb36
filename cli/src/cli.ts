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

/**
 * Commands whose work is over when they return: the process ends then, with what they wrote flushed, instead of
 * waiting for background work nothing needs any more (`lint` starts loading the parser, which a run answered
 * from the cache never uses; that load would otherwise hold the process for a sixth of such a run).
 */
const ENDS_ON_RETURN = new Set(['lint', 'rules', 'rule']);

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
  async (status) => {
    process.exitCode = status;
    if (ENDS_ON_RETURN.has(process.argv[2] ?? '')) {
      await Promise.all(
        [process.stdout, process.stderr].map((stream) => new Promise<void>((flushed) => stream.write('', () => flushed()))),
      );
      process.exit();
    }
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
