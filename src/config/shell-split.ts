/**
 * Splits a command string into words the way Compose does (go-shellwords): quotes group, a
 * backslash escapes, nothing is expanded. `command: npm run dev` becomes [npm, run, dev].
 */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (
        ch === '\\' &&
        quote === '"' &&
        (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === '$')
      ) {
        current += text[++i];
      } else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote)
    throw new Error(`unterminated ${quote === '"' ? 'double' : 'single'} quote in "${text}"`);
  if (inWord) words.push(current);
  return words;
}
