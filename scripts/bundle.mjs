// Builds dist/ as an ESM bundle split per dynamic import, so each command loads only its own code
// and the CLI starts without resolving and compiling ~100 CommonJS files from node_modules.
//
// Two dependencies do heavy work at require time for features most commands never use:
// docker-modem requires ssh2 (ssh:// engines) and dockerode requires @grpc/grpc-js with
// protobufjs (BuildKit sessions), tar-fs with its streams (to pack a build context from a
// folder, which stager never asks of it), and readable-stream for attach and exec. Their requires are rewritten to happen on first use,
// and those modules stay in node_modules (some read .proto files relative to their own folder).
import { readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const LAZY = [
  {
    file: /docker-modem[\\/]lib[\\/]modem\.js$/,
    from: "ssh = require('./ssh')",
    module: 'docker-modem/lib/ssh.js',
  },
  {
    // Only attach and exec need it (it calls itself with `new`); it brings readable-stream.
    file: /docker-modem[\\/]lib[\\/]modem\.js$/,
    from: "HttpDuplex = require('./http_duplex')",
    module: 'docker-modem/lib/http_duplex.js',
  },
  {
    file: /dockerode[\\/]lib[\\/]docker\.js$/,
    from: "withSession = require('./session')",
    module: 'dockerode/lib/session.js',
  },
  {
    file: /dockerode[\\/]lib[\\/]util\.js$/,
    from: "tar = require('tar-fs')",
    module: 'tar-fs',
    method: 'pack',
  },
  {
    file: /dockerode[\\/]lib[\\/]docker\.js$/,
    from: "require('./buildkit')",
    module: 'dockerode/lib/buildkit.js',
    plain: true,
  },
];

const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    b.onLoad(
      { filter: /(docker-modem|dockerode)[\\/]lib[\\/](modem|docker|util)\.js$/ },
      async (args) => {
        let text = await readFile(args.path, 'utf8');
        for (const rule of LAZY.filter((r) => r.file.test(args.path))) {
          if (!text.includes(rule.from)) {
            throw new Error(
              `bundle: "${rule.from}" not found in ${args.path}; the dependency changed, update scripts/bundle.mjs`,
            );
          }
          const name = rule.from.split(' = ')[0];
          const load = `require(${JSON.stringify(rule.module)})`;
          const replacement = rule.plain
            ? load
            : rule.method
              ? `${name} = { ${rule.method}: function () { return ${load}.${rule.method}.apply(this, arguments); } }`
              : `${name} = function () { return ${load}.apply(this, arguments); }`;
          text = text.replace(rule.from, replacement);
        }
        return { contents: text, loader: 'js' };
      },
    );
  },
};

const { version } = JSON.parse(await readFile('package.json', 'utf8'));
await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/bin.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: [
    'dockerode/lib/session.js',
    'dockerode/lib/buildkit.js',
    'docker-modem/lib/ssh.js',
    'docker-modem/lib/http_duplex.js',
    'tar-fs',
    'cpu-features',
  ],
  // Bundled CommonJS code calls require() for Node built-ins and the external modules above.
  banner: {
    js: "import { createRequire as __stagerRequire } from 'node:module'; const require = __stagerRequire(import.meta.url);",
  },
  plugins: [lazyRequires],
  define: { __STAGER_VERSION__: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
});
