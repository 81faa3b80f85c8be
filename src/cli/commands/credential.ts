import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { JustIdError } from '../../core/errors.ts'
import { jsonAs } from '../../core/json-file.ts'
import { jwkSchema } from '../../core/key-file.ts'
import { IssuerKeys, type Jwks } from '../../credentials/keys.ts'
import { verifyCredential } from '../../credentials/verify.ts'

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s)

/** A file's text, or a URL's body; failures name the place, never the content. */
const readText = async (fileOrUrl: string, what: string): Promise<string> => {
  if (isUrl(fileOrUrl)) {
    const response = await fetch(fileOrUrl, { signal: AbortSignal.timeout(10_000) }).catch(() => null)
    if (!response?.ok) throw new JustIdError('file_unreadable', `cannot fetch the ${what} from ${fileOrUrl}`)
    return response.text()
  }
  try {
    return readFileSync(fileOrUrl, 'utf8')
  } catch {
    throw new JustIdError('file_not_found', `cannot read the ${what} file ${fileOrUrl}`)
  }
}

const jwksSchema = z.object({ keys: z.array(jwkSchema) })

const parseJwks = (text: string, where: string): Jwks => {
  const jwks = jsonAs(text, jwksSchema)
  if (!jwks)
    throw new JustIdError(
      'file_unreadable',
      `${where} is not a JWKS (a JSON object with a keys array of JSON Web Keys)`,
    )
  return jwks as Jwks
}

interface VerifyOpts {
  jwks: string
  statusList?: string
}

export const registerCredential = (program: Command): void => {
  const credential = program.command('credential').description('Eligibility credentials (SD-JWT VC).')
  credential
    .command('verify')
    .description(
      'Check a credential offline: signature, disclosures, expiry and revocation status. Exit 0 when valid, ' +
        '1 with a reason (malformed, unknown_key, bad_signature, expired, status_unavailable, revoked).',
    )
    .requiredOption('--jwks <file-or-url>', "the issuer's JWKS (GET /.well-known/jwks.json)")
    .option(
      '--status-list <file-or-url>',
      "the status list token; by default fetched from the credential's status URI",
    )
    .argument('<credential-file>', 'a file holding the credential')
    .action(async (file: string, opts: VerifyOpts) => {
      const jwks = parseJwks(await readText(opts.jwks, 'JWKS'), opts.jwks)
      const text = await readText(file, 'credential')
      const given = opts.statusList
      const result = await verifyCredential(text, {
        jwks,
        statusList: (uri) => readText(given ?? uri, 'status list'),
        now: new Date(),
      })
      if (!result.valid)
        // The code that maps to exit 1: an invalid credential is a finding, not a usage or data-file error.
        throw new JustIdError('internal', `credential not valid: ${result.reason}: ${result.message}`)
      const c = result.claims
      process.stdout.write(
        `credential valid: service ${c.service}, rule version ${c.ruleVersion}, ` +
          `outcome ${c.outcome ?? '(not disclosed)'}, expires ${new Date(c.exp * 1000).toISOString()}, ` +
          `key ${result.kid}${c.holderBound ? ', bound to a holder key' : ''}\n`,
      )
    })
  credential
    .command('rotate-key')
    .description(
      'Make a new issuer key the signer. Old public keys stay in the JWKS, so credentials they signed still ' +
        'verify. A running server picks the new key up when restarted.',
    )
    .requiredOption('--keys <dir>', 'the folder of issuer keys (created when missing)')
    .action(async (opts: { keys: string }) => {
      const keys = await IssuerKeys.open(opts.keys)
      const kid = await keys.rotate()
      process.stdout.write(`new signing key ${kid}; the JWKS now holds ${keys.jwks().keys.length} keys\n`)
    })
}
