/** The Go-template subset of `--format`, checked against what the docker CLI prints. */
import { describe, expect, it } from 'vitest';
import { alignTabs, renderGoTemplate } from '../../../src/ui/go-template.js';
import { UsageError } from '../../../src/errors.js';

const rows = [
  {
    Name: 'p-web-1',
    State: 'running',
    Publishers: [{ URL: '0.0.0.0', TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp' }],
    Label: (k: string) => ({ tier: 'front' })[k] ?? '',
  },
  { Name: 'p-db-1', State: 'exited', Publishers: [], Label: () => '' },
];
const headers = { Name: 'NAME', State: 'STATE' };

describe('Go templates for --format', () => {
  it('prints fields, Go values, methods, functions and pipes, a line each', () => {
    expect(renderGoTemplate('{{.Name}} {{.Publishers}}', rows, headers)).toBe(
      'p-web-1 [{0.0.0.0 80 8080 tcp}]\np-db-1 []\n',
    );
    expect(
      renderGoTemplate('{{.Label "tier"}}|{{upper .State}}|{{.Name | lower}}', rows, headers),
    ).toBe('front|RUNNING|p-web-1\n|EXITED|p-db-1\n');
    expect(renderGoTemplate('{{json .Publishers}}', rows.slice(0, 1), headers)).toBe(
      '[{"URL":"0.0.0.0","TargetPort":80,"PublishedPort":8080,"Protocol":"tcp"}]\n',
    );
    expect(renderGoTemplate('{{json .}}', rows.slice(1), headers)).toBe(
      '{"Name":"p-db-1","State":"exited","Publishers":[]}\n',
    );
    expect(renderGoTemplate('{{ .Name -}}  ,  {{- .State }}', rows.slice(1), headers)).toBe(
      'p-db-1,exited\n',
    );
  });

  it('lays out a table as the docker CLI does: header, \\t columns, minimum width 10', () => {
    expect(renderGoTemplate('table {{.Name}}\\t{{.State}}', rows, headers)).toBe(
      'NAME      STATE\np-web-1   running\np-db-1    exited\n',
    );
    expect(renderGoTemplate('table {{.Name}}\\t{{.State}}', [], headers)).toBe('NAME      STATE\n');
  });

  it('pads every cell a tab ends, and leaves the last one as it is', () => {
    expect(alignTabs(['a\tbb\t', 'ccc\td\te'])).toBe(
      'a         bb        \nccc       d         e\n',
    );
  });

  it('refuses what it does not run, in one line', () => {
    expect(() => renderGoTemplate('{{.Nope}}', rows, headers)).toThrow(
      /--format \{\{\.Nope\}\}: no field Nope \(known: Name, State, Publishers, Label\)/,
    );
    expect(() => renderGoTemplate('{{range .Publishers}}x{{end}}', rows, headers)).toThrow(
      /"range" is not supported/,
    );
    expect(() => renderGoTemplate('{{frob .Name}}', rows, headers)).toThrow(
      'function "frob" not defined',
    );
    expect(() => renderGoTemplate('{{.Name', rows, headers)).toThrow(UsageError);
  });
});
