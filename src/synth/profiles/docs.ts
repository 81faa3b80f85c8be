import { profiles } from './index.ts'

/**
 * The profiles section of docs/synth.md, made from the profile table so the page cannot drift from the code
 * (src/synth/profiles/profiles.test.ts checks it). Print it with `node --import tsx src/synth/profiles/docs.ts`.
 */
export const profileDocs = (): string =>
  profiles
    .map((p) => {
      const files = p.schema.map((f) => `- \`${f.file}\`: \`${f.columns.join(',')}\``).join('\n')
      const errors = Object.entries(p.errors)
        .map(([name, value]) => `${name} ${value}`)
        .join(', ')
      return `### \`${p.name}\`\n\n${p.description}\n\n${files}\n${errors ? `\nRates: ${errors}.\n` : ''}`
    })
    .join('\n')

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(profileDocs())
