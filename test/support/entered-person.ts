import { appendFileSync } from 'node:fs'
import path from 'node:path'

/** The keys of the invented person's court and prison records. */
export const COURT = 'court:CD19999999'
export const PRISON = 'prison:BK1999999'

/**
 * Adds one invented person (no real one) to the synthetic extracts in `data` as the court and the prison enter him:
 * "O'Brien, Seán" in one name column, "Seán" and "O'Brien" in two (columns as src/synth writes them).
 */
export const appendEnteredPerson = (data: string): void => {
  appendFileSync(
    path.join(data, 'court.csv'),
    'CD19999999,"O\'Brien, Seán",26/06/1998,M,14 Example Street,Flat 2,Exampleton,sw1a1aa,,01/02/2024,Theft,Fine\n',
  )
  appendFileSync(
    path.join(data, 'prison.csv'),
    "BK1999999,A9999ZZ,Seán,,O'Brien,1998-06-26,Male,,,2024-03-01,,HMP Exampleton,\n",
  )
}
