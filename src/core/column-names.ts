/**
 * The one mapping between a field of StandardisedRecord (camelCase, `forenameGroup`) and its column in the records
 * table, the model's conditions and blocking keys (snake_case, `forename_group`).
 */
export const columnOfField = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

// Scoring asks for the same few columns millions of times: convert each name once.
const fields = new Map<string, string>()
export const fieldOfColumn = (column: string): string => {
  let field = fields.get(column)
  if (field === undefined) {
    field = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
    fields.set(column, field)
  }
  return field
}
