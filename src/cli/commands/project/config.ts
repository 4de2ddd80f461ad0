import { ConfigError, UsageError } from '../../../errors.js';
import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

interface ConfigFlags {
  format?: string;
  services?: boolean;
  volumes?: boolean;
  profiles?: boolean;
  images?: boolean;
  interpolate?: boolean;
  hash?: string;
  showSecrets?: boolean;
}

export const registerConfig: CommandRegistrar = (program, define) => {
  define(
    program
      .command('config')
      .argument('[services...]', 'only these services (and their dependencies)'),
    {
      summary: 'validate the project and print it resolved (merged, interpolated, long syntax)',
      examples: [
        'stager config',
        'stager config --format json',
        'stager config -q                 # validate only: exit 2 and one line per problem',
        'stager config --services',
        'stager -f compose.yaml -f compose.ci.yaml config --images',
        'stager config --hash web',
      ],
    },
  )
    .option('--format <format>', 'yaml or json', undefined)
    .option('--services', 'print the service names')
    .option('--volumes', 'print the volume names')
    .option('--profiles', 'print the profile names')
    .option('--images', 'print the images services use')
    .option('--no-interpolate', 'leave ${VARIABLES} as written')
    .option('--hash <services>', 'print the config hash of services ("*" for all)')
    .option(
      '--show-secrets',
      'print secret values (*PASSWORD*, *TOKEN*, *KEY, ...) instead of ****',
    )
    .action(
      handler(async (scope, services: string[], flags: ConfigFlags) => {
        const { loadModel } = await import('../../runtime.js');
        const { rt } = scope;
        const format = flags.format ?? (rt.globals.json ? 'json' : 'yaml');
        if (format !== 'yaml' && format !== 'json') {
          throw new UsageError(`--format ${format}: use yaml or json`);
        }
        const loaded = await loadModel(rt, { interpolate: flags.interpolate !== false, services });
        const { renderConfig } = await import('../../../ui/render/project/config.js');
        const selectors = ['services', 'volumes', 'profiles', 'images'] as const;
        const list = selectors.find((s) => flags[s]);
        if (!list) {
          // As Compose v2: listing names works in a project whose services clash, printing it does not.
          const { containerNameClashes } = await import('../../../config/semantics.js');
          const clashes = containerNameClashes(
            loaded.project.services,
            services.length ? services : undefined,
          );
          if (clashes.length) throw new ConfigError(clashes);
        }
        // By value before rendering: YAML may quote or escape a secret that text masking misses.
        const out = renderConfig(loaded.project, {
          format,
          list,
          hash: flags.hash,
          services,
          showSecrets: rt.globals.showSecrets,
          mask: (p) => rt.output.secrets.deep(p),
          interpolated: flags.interpolate !== false,
        });
        return { text: out };
      }),
    );
};
