import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ES256 } from '@sd-jwt/crypto-nodejs'
import type { JWK } from 'jose'
import { readJwkFile, writeFileAtomic } from '../core/key-file.ts'

/**
 * The issuer's signing keys: ES256 key pairs named by a random kid. One key signs; rotation adds a new one and
 * makes it the signer, and every older public key stays in the JWKS so credentials it signed still verify.
 *
 * On disk (`--keys DIR`): `<kid>.public.jwk` and `<kid>.private.jwk` (mode 0600), and `active-kid` naming the
 * signer. Without a folder the keys live in memory only, and credentials stop verifying when the process ends.
 */

export interface IssuerKey {
  kid: string
  publicJwk: JWK
  privateJwk: JWK
}

export interface Jwks {
  keys: JWK[]
}

const ACTIVE = 'active-kid'
const KID = /^[A-Za-z0-9_-]{8,64}$/

const newKid = (now: Date): string =>
  `${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('base64url')}`

const newKey = async (now: Date): Promise<IssuerKey> => {
  const kid = newKid(now)
  const { publicKey, privateKey } = await ES256.generateKeyPair()
  const tag = { kid, alg: 'ES256', use: 'sig' }
  return { kid, publicJwk: { ...(publicKey as JWK), ...tag }, privateJwk: { ...(privateKey as JWK), ...tag } }
}

export class IssuerKeys {
  private constructor(
    private readonly folder: string | null,
    private readonly keys: Map<string, IssuerKey>,
    private activeKid: string,
  ) {}

  /** Opens the keys in `folder`, creating the folder and a first key when there are none; in memory when null. */
  static async open(folder: string | null, now = new Date()): Promise<IssuerKeys> {
    if (folder === null) {
      const key = await newKey(now)
      return new IssuerKeys(null, new Map([[key.kid, key]]), key.kid)
    }
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const keys = new Map<string, IssuerKey>()
    for (const name of readdirSync(folder)) {
      const match = /^(.+)\.public\.jwk$/.exec(name)
      if (!match || !KID.test(match[1]!)) continue
      const kid = match[1]!
      const privatePath = join(folder, `${kid}.private.jwk`)
      if (!existsSync(privatePath)) continue
      keys.set(kid, {
        kid,
        publicJwk: readJwkFile(join(folder, name), 'the key file'),
        privateJwk: readJwkFile(privatePath, 'the key file'),
      })
    }
    const activePath = join(folder, ACTIVE)
    const active = existsSync(activePath) ? readFileSync(activePath, 'utf8').trim() : ''
    const issuer = new IssuerKeys(folder, keys, active)
    if (!keys.has(active)) await issuer.rotate(now)
    return issuer
  }

  /** The key that signs new credentials and status lists. */
  active(): IssuerKey {
    return this.keys.get(this.activeKid)!
  }

  key(kid: string): IssuerKey | undefined {
    return this.keys.get(kid)
  }

  /** Every public key, the signer's first: what verifiers fetch. */
  jwks(): Jwks {
    const others = [...this.keys.values()].filter((k) => k.kid !== this.activeKid).map((k) => k.publicJwk)
    return { keys: [this.active().publicJwk, ...others] }
  }

  /** Makes a new key the signer; old public keys stay published. Returns the new kid. */
  async rotate(now = new Date()): Promise<string> {
    const key = await newKey(now)
    if (this.folder !== null) {
      writeFileAtomic(join(this.folder, `${key.kid}.private.jwk`), JSON.stringify(key.privateJwk), 0o600)
      writeFileAtomic(
        join(this.folder, `${key.kid}.public.jwk`),
        `${JSON.stringify(key.publicJwk, null, 2)}\n`,
        0o644,
      )
      writeFileAtomic(join(this.folder, ACTIVE), `${key.kid}\n`, 0o644)
    }
    this.keys.set(key.kid, key)
    this.activeKid = key.kid
    return key.kid
  }
}
