/** What renderers may do with text; the plain style does nothing, so output is stable in CI. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** A stable color per name (services in logs and tables). */
  keyed(name: string, s: string): string;
}

const identity = (s: string): string => s;

export const plainStyle: Style = {
  bold: identity,
  dim: identity,
  red: identity,
  green: identity,
  yellow: identity,
  cyan: identity,
  keyed: (_name, s) => s,
};
