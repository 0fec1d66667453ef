import { describeError, UsageError, type CommandContext } from './io.ts'
import { COMMANDS } from './commands.ts'

const USAGE = `Usage: kassa <command> [options] [--json]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(22)} ${c.summary}`)
  .join('\n')}

Every command takes --json and then prints exactly one JSON object on stdout.`

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  const words = argv.filter((a) => !a.startsWith('-'))
  // Two-word commands ("merchant create") first, then one-word ones ("serve").
  const name = [words.slice(0, 2).join(' '), words[0]].find((n) => n && COMMANDS[n])
  if (!name) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE + '\n')
      return argv.length === 0 ? 1 : 0
    }
    process.stderr.write(`kassa: unknown command "${words.slice(0, 2).join(' ')}"\n\n${USAGE}\n`)
    return 2
  }
  const rest = [...argv]
  for (const word of name.split(' ')) rest.splice(rest.indexOf(word), 1)
  const cli: CommandContext = { argv: rest, json }
  try {
    return (await COMMANDS[name].run(cli)) ?? 0
  } catch (err) {
    if (json) process.stderr.write(JSON.stringify({ error: describeError(err) }) + '\n')
    else process.stderr.write(`kassa ${name}: ${describeError(err)}\n`)
    return err instanceof UsageError ? 2 : 1
  }
}

// Long-running commands (serve, worker, listen) resolve only when stopped by a signal.
const code = await main(process.argv.slice(2))
process.exit(code)
