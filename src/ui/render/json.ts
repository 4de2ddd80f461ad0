/** `--format json` without the global --json: the result as an indented document. */
export const renderJson = (result: unknown): string => `${JSON.stringify(result, null, 2)}\n`;
