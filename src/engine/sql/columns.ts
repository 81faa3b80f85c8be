import { otherIdColumn } from '../../model/conditions.ts'

/**
 * Column names in SQL. A field of StandardisedRecord is its snake_case name (`forenameGroup` → `forename_group`);
 * an other identifier `<name>` is `other_<name>` with anything but letters, digits and _ folded to _. Conditions
 * in the model already name columns this way; this turns field names (from settings, from code) into them.
 */
export const sqlColumn = (field: string): string =>
  field.startsWith('other:')
    ? otherIdColumn(field.slice('other:'.length))
    : field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

export { otherIdColumn }
