import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { z } from 'zod'
import { JustIdError } from '../../core/errors.ts'
import { readJwkFile, writeFileAtomic } from '../../core/key-file.ts'
import type { AuditVerification, PersonIndexStore } from '../types.ts'

/**
 * Signed checkpoints of the audit log's head, as transparency logs sign their tree heads: the sequence number and
 * hash of the newest entry, signed with an Ed25519 key that lives in a folder apart from the index. Whoever can
 * write the database but not that folder cannot cut entries from the end, empty the log, or edit an entry and
 * recompute the hashes after it, without `justid audit verify` seeing that the chain no longer reaches a signed
 * head. The folder holds `checkpoint.private.jwk` (0600), `checkpoint.public.jwk` and `checkpoint.latest.jws`.
 */

export interface AuditHead {
  seq: number
  hash: string
}

export interface Checkpoint extends AuditHead {
  /** When it was signed. */
  at: string
}

const TYP = 'justid-audit-checkpoint+jws'
const PRIVATE = 'checkpoint.private.jwk'
const PUBLIC = 'checkpoint.public.jwk'
export const LATEST_CHECKPOINT = 'checkpoint.latest.jws'

const payloadSchema = z.strictObject({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
})

/** The public key of a checkpoint folder, or null when the folder has none. */
export const checkpointPublicKey = (folder: string): JWK | null => {
  const path = join(folder, PUBLIC)
  return existsSync(path) ? readJwkFile(path, 'the audit checkpoint key') : null
}

/** The checkpoint a JWS proves, or a reason it proves nothing. */
export const readCheckpoint = async (jws: string, publicJwk: JWK): Promise<Checkpoint | string> => {
  try {
    if (decodeProtectedHeader(jws.trim()).typ !== TYP) return 'it is not an audit checkpoint'
    const { payload } = await compactVerify(jws.trim(), await importJWK(publicJwk, 'EdDSA'))
    const parsed = payloadSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)))
    return parsed.success ? parsed.data : 'its payload is not a checkpoint'
  } catch {
    return 'its signature does not verify with the checkpoint key'
  }
}

/** The latest checkpoint in a folder, or null when none was written yet. */
export const latestCheckpoint = async (folder: string, publicJwk: JWK): Promise<Checkpoint | null> => {
  const path = join(folder, LATEST_CHECKPOINT)
  if (!existsSync(path)) return null
  const read = await readCheckpoint(readFileSync(path, 'utf8'), publicJwk)
  if (typeof read === 'string') throw new JustIdError('file_unreadable', `the checkpoint ${path}: ${read}`)
  return read
}

/**
 * Signs heads into a folder, creating its key on first use. A head behind the latest checkpoint is never signed:
 * that would replace the evidence of a cut log with a checkpoint of the cut one.
 */
export class AuditCheckpointer {
  private constructor(
    private readonly folder: string,
    private readonly key: CryptoKey | Uint8Array,
    private readonly kid: string,
    private latest: AuditHead | null,
  ) {}

  static async open(folder: string): Promise<AuditCheckpointer> {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const privatePath = join(folder, PRIVATE)
    if (!existsSync(privatePath)) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519')
      const kid = `audit-${randomBytes(6).toString('base64url')}`
      const tag = { kid, alg: 'EdDSA', use: 'sig' }
      writeFileAtomic(privatePath, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), ...tag }), 0o600)
      writeFileAtomic(
        join(folder, PUBLIC),
        `${JSON.stringify({ ...publicKey.export({ format: 'jwk' }), ...tag }, null, 2)}\n`,
        0o644,
      )
    }
    const privateJwk = readJwkFile(privatePath, 'the audit checkpoint key')
    const publicJwk = readJwkFile(join(folder, PUBLIC), 'the audit checkpoint key')
    const latest = await latestCheckpoint(folder, publicJwk)
    return new AuditCheckpointer(folder, await importJWK(privateJwk, 'EdDSA'), String(privateJwk.kid), latest)
  }

  /** The newest head signed, if any. */
  get head(): AuditHead | null {
    return this.latest
  }

  /** Signs the head and makes it the latest checkpoint; false (nothing written) when it is behind the latest. */
  async sign(head: AuditHead, now = new Date()): Promise<boolean> {
    if (this.latest && head.seq < this.latest.seq) return false
    const checkpoint: Checkpoint = { seq: head.seq, hash: head.hash, at: now.toISOString() }
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(checkpoint)))
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP, kid: this.kid })
      .sign(this.key)
    // Asynchronous: signing follows every batch of a busy server and must not hold its event loop.
    const path = join(this.folder, LATEST_CHECKPOINT)
    const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(temp, `${jws}\n`, { mode: 0o644 })
    await rename(temp, path)
    this.latest = head
    return true
  }
}

/** Where checkpoints of an index go when no folder is named: beside an embedded index file; none for PostgreSQL. */
export const defaultCheckpointFolder = (index: string): string | null =>
  /^postgres(ql)?:\/\//i.test(index) ? null : `${index}.audit-checkpoints`

/** A checkpoint to check against besides the folder's latest (a copy kept elsewhere): its JWS and its name. */
export interface GivenCheckpoint {
  jws: string
  name: string
}

export interface AuditLogCheck extends AuditVerification {
  /** The folder's latest signed checkpoint, which the chain was checked against; null when there is none to check. */
  checkpoint: Checkpoint | null
}

/**
 * Recomputes the audit log's hash chain and checks it reaches the latest signed checkpoint in `folder` (and
 * `given`, when named): one check for `justid audit verify` and `GET /v1/audit/verify`. The checkpoint is read
 * before the log, so on a running server every entry it names is already stored. A folder with its key but no
 * readable latest checkpoint fails the check: the checkpoint was removed or replaced. Without a folder or key the
 * chain alone is checked (`checkpoint` null), which cannot see entries cut from the end.
 */
export const verifyAuditLog = async (
  store: Pick<PersonIndexStore, 'verifyAudit'>,
  folder: string | null,
  given?: GivenCheckpoint,
): Promise<AuditLogCheck> => {
  const publicKey = folder ? checkpointPublicKey(folder) : null
  if (!folder || !publicKey) {
    if (given)
      throw new JustIdError(
        'usage',
        `a checkpoint to check against needs the checkpoint key: name its folder with --checkpoints (none found at ${folder ?? '(none)'})`,
      )
    return { ...(await store.verifyAudit()), checkpoint: null }
  }
  let latest: Checkpoint | null = null
  let unreadable: string | null = null
  try {
    latest = await latestCheckpoint(folder, publicKey)
    if (!latest)
      unreadable = `the checkpoint folder ${folder} has its key but no checkpoint: it was removed, or the server never wrote one`
  } catch (e) {
    unreadable = e instanceof JustIdError ? e.message : `the latest checkpoint in ${folder} cannot be read`
  }
  const heads: AuditHead[] = latest ? [latest] : []
  if (given) {
    const read = await readCheckpoint(given.jws, publicKey)
    if (typeof read === 'string') throw new JustIdError('internal', `the checkpoint ${given.name}: ${read}`)
    heads.push(read)
  }
  const chain = await store.verifyAudit(heads)
  // A broken chain names its first bad entry; an intact one still fails without the checkpoint it should reach.
  if (!chain.ok || unreadable === null) return { ...chain, checkpoint: latest }
  return { ...chain, ok: false, reason: unreadable, checkpoint: null }
}

/**
 * Whether the stored log still holds a signed head: the entry at its seq has its hash. A new head is signed only
 * when it does, so entries written after a cut (which chain onto the cut log) never get a checkpoint that would
 * hide it. Reads the entries from that seq on: those written since the last signing, a few.
 */
export const logHoldsHead = async (
  store: Pick<PersonIndexStore, 'auditEntries'>,
  head: AuditHead,
): Promise<boolean> => {
  if (head.seq === 0) return true
  // One entry read, not a chunk of those after it: this runs after every batch the server writes.
  for await (const chunk of store.auditEntries(head.seq, 1))
    return chunk[0]?.seq === head.seq && chunk[0].hash === head.hash
  return false
}
