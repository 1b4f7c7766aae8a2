/**
 * Pins every connection of a pool to `schema` at connection start-up. (Setting it in the pool's
 * 'connect' event is too late for connections opened before the listener, which then used `public`.)
 */
export function searchPathOption(schema: string | undefined): { options?: string } {
  if (schema === undefined) return {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  return { options: `-c search_path=${schema}` };
}
