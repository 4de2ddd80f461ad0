#!/usr/bin/env node
/**
 * The executable. The only module that ends the process and maps errors to exit codes.
 */
import { CliFailure, run } from './cli/program.js';

async function main(): Promise<void> {
  try {
    process.exitCode = await run(process.argv);
  } catch (failure) {
    const err = failure instanceof CliFailure ? failure.error : failure;
    const verbose =
      failure instanceof CliFailure ? failure.verbose : process.argv.includes('--verbose');
    const [{ renderError }, { ansiSettings, styleFor }, { ExitCode, StagerError }] =
      await Promise.all([
        import('./ui/render/error.js'),
        import('./ui/output.js'),
        import('./errors.js'),
      ]);
    // The options may not have been parsed when the failure came: read those about colors here.
    const { argv } = process;
    const flag = argv.includes('--ansi') ? argv[argv.indexOf('--ansi') + 1] : undefined;
    const { ansi, env } = ansiSettings(flag, process.env);
    const style = await styleFor(process.stderr, {
      color: !argv.includes('--no-color') && ansi !== 'never',
      env,
    });
    const mask = failure instanceof CliFailure ? failure.mask : (text: string) => text;
    process.stderr.write(mask(renderError(err, style, verbose)));
    process.exitCode = err instanceof StagerError ? err.exitCode : ExitCode.internal;
  }
}

// A reader that stops early (`stager logs | head`) closes the pipe: that ends the command, quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

void main();
