import { Argument, Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { renderBashCompletion } from '../../../../src/cli/completion/bash.js';
import { allCommands, describeCommand } from '../../../../src/cli/completion/describe.js';
import { renderManPage } from '../../../../src/cli/completion/man.js';
import { renderZshCompletion } from '../../../../src/cli/completion/zsh.js';

/** A small program shaped like seccompose's: a nested command, choices, paths, a hidden option. */
function sample(): Command {
  const program = new Command('tool').description('does things').version('1.2.3');
  program
    .command('record')
    .description('record a workload')
    .option('-o, --output <file>', 'where to write')
    .addOption(new Option('--backend <name>', 'tracer').choices(['ebpf', 'strace']))
    .option('--duration <seconds>', 'how long')
    .addOption(new Option('--secret', 'not shown').hideHelp())
    .argument('[workload...]', 'after --: the command')
    .addHelpText('after', '\nExamples:\n  tool record -o obs.json -- ls\n');
  const caps = program.command('caps').description('capability tools');
  caps.command('minimize').description('smallest set').option('--profile <profile>', 'the profile');
  program.command('completion').addArgument(new Argument('<target>', 'what').choices(['bash', 'zsh']));
  return program;
}

describe('describeCommand', () => {
  const spec = describeCommand(sample());

  it('reads visible commands and options, with values, choices and which values are paths', () => {
    expect(allCommands(spec).map((c) => c.path.join(' '))).toEqual([
      'tool',
      'tool record',
      'tool caps',
      'tool caps minimize',
      'tool completion',
    ]);
    const record = spec.commands[0]!;
    expect(record.options.map((o) => o.flags)).toEqual([
      ['-o', '--output'],
      ['--backend'],
      ['--duration'],
      ['-h', '--help'],
    ]);
    expect(record.options[0]).toMatchObject({ value: '<file>', path: true });
    expect(record.options[1]).toMatchObject({ value: '<name>', choices: ['ebpf', 'strace'] });
    expect(record.options[2]?.path).toBeUndefined();
    expect(record.arguments).toEqual([
      { name: 'workload', required: false, variadic: true, description: 'after --: the command' },
    ]);
    expect(spec.commands[2]?.arguments[0]?.choices).toEqual(['bash', 'zsh']);
  });

  it('keeps the whole --help text, examples added after it included', () => {
    expect(spec.commands[0]?.help).toContain('Usage: tool record [options] [workload...]');
    expect(spec.commands[0]?.help).toContain('tool record -o obs.json -- ls');
  });
});

describe('renderers', () => {
  const spec = describeCommand(sample());

  it('bash: subcommands per path, options per command, choices and path values, never the hidden option', () => {
    const script = renderBashCompletion(spec);
    expect(script).toContain(`'caps') echo 'minimize' ;;`);
    expect(script).toContain(`'record|--backend') echo 'ebpf strace' ;;`);
    expect(script).toContain(`'record|-o'|'record|--output') echo - ;;`);
    expect(script).toContain(`'record|--duration') echo '' ;;`);
    expect(script).toContain(`'completion|') echo 'bash zsh' ;;`);
    expect(script).not.toContain('--secret');
    expect(script.trimEnd().split('\n').at(-1)).toBe('complete -o filenames -F _tool tool');
  });

  it('zsh: one function per command, described subcommands, choices, files for paths, the workload as a command line', () => {
    const script = renderZshCompletion(spec);
    expect(script.split('\n')[0]).toBe('#compdef tool');
    expect(script).toContain("'(-o --output)'{-o,--output}'[where to write]:file:_files'");
    expect(script).toContain("--backend'[tracer]:name:(ebpf strace)'");
    expect(script).toContain("--duration'[how long]:seconds: '");
    expect(script).toContain("'*:: :_normal'");
    expect(script).toContain("commands=('minimize:smallest set')");
    expect(script).toMatch(/^_tool_caps_minimize\(\) \{$/m);
  });

  it('man: escapes roff, keeps the help verbatim and lists every leaf command in the synopsis', () => {
    const page = renderManPage(spec, '1.2.3');
    expect(page.split('\n')[0]).toBe('.TH TOOL 1 "" "tool 1.2.3" "User Commands"');
    expect(page).toContain('.B tool caps minimize [options]');
    expect(page).toContain('tool record \\-o obs.json \\-\\- ls');
    expect(page).not.toMatch(/^\.(?!TH|SH|SS|B|BR|br|nf|fi)\w*/m);
  });
});
