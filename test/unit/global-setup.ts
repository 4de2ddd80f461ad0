/** The schema validator is generated from src/config/compose-spec; regenerate it so tests see edits. */
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain ESM build script without types
  const { compileSchema } = await import('../../scripts/compile-schema.mjs');
  await compileSchema();
}
