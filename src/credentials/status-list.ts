import { randomInt } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { StatusList } from '@sd-jwt/jwt-status-list'
import { importJWK, SignJWT } from 'jose'
import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'
import { jsonAs } from '../core/json-file.ts'
import type { IssuerKeys } from './keys.ts'

/**
 * Revocation through Token Status Lists (draft-ietf-oauth-status-list): each credential carries an index into a
 * published bit list, and revoking sets its bit. Indexes are drawn at random, so a list's order tells nothing about
 * when, or for whom, credentials were issued.
 *
 * Persisted in `<keys folder>/status-lists.json`: each list's size and revoked indexes, and which check holds which
 * index (check ids only, no personal data). In memory when there is no folder.
 */

export const STATUS_REVOKED = 1
const LIST_SIZE = 1 << 17
const FILE = 'status-lists.json'

const listStateSchema = z.object({
  id: z.string(),
  size: z.number().int().positive(),
  used: z.number().int().nonnegative(),
  revoked: z.array(z.number().int().nonnegative()),
})
type ListState = z.infer<typeof listStateSchema>

/** The file as this module writes it, checked when read back so a damaged file is refused, not half used. */
const savedSchema = z.object({
  lists: z.array(listStateSchema),
  /** check id → [list id, index] */
  entries: z.record(z.string(), z.tuple([z.string(), z.number().int().nonnegative()])),
})
type Saved = z.infer<typeof savedSchema>

export interface StatusEntry {
  listId: string
  idx: number
}

export class StatusLists {
  private readonly used = new Map<string, Set<number>>()
  private readonly tokens = new Map<string, { token: string; expires: number }>()
  /** Writes happen one at a time, in order, so two checks never overwrite each other's entries. */
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly folder: string | null,
    private readonly state: Saved,
  ) {
    for (const [listId, idx] of Object.values(state.entries)) this.usedOf(listId).add(idx)
  }

  static open(folder: string | null): StatusLists {
    const path = folder === null ? null : join(folder, FILE)
    if (path === null || !existsSync(path)) return new StatusLists(folder, { lists: [], entries: {} })
    const saved = jsonAs(readFileSync(path, 'utf8'), savedSchema)
    if (!saved)
      throw new JustIdError(
        'file_unreadable',
        `the status list file ${path} is not the status lists JustID writes`,
      )
    return new StatusLists(folder, saved)
  }

  private usedOf(listId: string): Set<number> {
    let set = this.used.get(listId)
    if (!set) {
      set = new Set()
      this.used.set(listId, set)
    }
    return set
  }

  private openList(): ListState {
    const last = this.state.lists[this.state.lists.length - 1]
    // Half full is full: random draws stay cheap and a list never needs compacting.
    if (last && last.used < last.size / 2) return last
    const list: ListState = { id: String(this.state.lists.length + 1), size: LIST_SIZE, used: 0, revoked: [] }
    this.state.lists.push(list)
    return list
  }

  /** Gives the check a fresh index on the open list, and saves. */
  async allocate(checkId: string): Promise<StatusEntry> {
    const list = this.openList()
    const used = this.usedOf(list.id)
    let idx = randomInt(list.size)
    while (used.has(idx)) idx = randomInt(list.size)
    used.add(idx)
    list.used++
    this.state.entries[checkId] = [list.id, idx]
    await this.save()
    return { listId: list.id, idx }
  }

  /** The status entry of a check's credential, or null when none was issued. */
  entryOf(checkId: string): StatusEntry | null {
    const entry = this.state.entries[checkId]
    return entry ? { listId: entry[0], idx: entry[1] } : null
  }

  /** Revokes the check's credential; false when the check has no credential. */
  async revoke(checkId: string): Promise<boolean> {
    const entry = this.entryOf(checkId)
    if (!entry) return false
    const list = this.state.lists.find((l) => l.id === entry.listId)!
    if (!list.revoked.includes(entry.idx)) list.revoked.push(entry.idx)
    this.tokens.delete(list.id)
    await this.save()
    return true
  }

  has(listId: string): boolean {
    return this.state.lists.some((l) => l.id === listId)
  }

  /**
   * The list as a signed status list token (`statuslist+jwt`). Cached for `ttlSeconds`, which it also declares, so
   * verifiers know how long they may cache it; revoking clears the cache.
   */
  async token(
    listId: string,
    uri: string,
    keys: IssuerKeys,
    now: Date,
    ttlSeconds = 300,
  ): Promise<string | null> {
    const list = this.state.lists.find((l) => l.id === listId)
    if (!list) return null
    const cached = this.tokens.get(listId)
    if (cached && cached.expires > now.getTime()) return cached.token
    const bits = new StatusList(new Array<number>(list.size).fill(0), 1)
    for (const idx of list.revoked) bits.setStatus(idx, STATUS_REVOKED)
    const key = keys.active()
    const iat = Math.floor(now.getTime() / 1000)
    const token = await new SignJWT({
      sub: uri,
      ttl: ttlSeconds,
      status_list: { bits: 1, lst: bits.compressStatusList() },
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'statuslist+jwt', kid: key.kid })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 24 * 3600)
      .sign(await importJWK(key.privateJwk, 'ES256'))
    this.tokens.set(listId, { token, expires: now.getTime() + ttlSeconds * 1000 })
    return token
  }

  private save(): Promise<void> {
    if (this.folder === null) return Promise.resolve()
    const path = join(this.folder, FILE)
    this.writing = this.writing
      .catch(() => undefined)
      .then(() => {
        const temp = `${path}.tmp`
        writeFileSync(temp, JSON.stringify(this.state), { mode: 0o600 })
        renameSync(temp, path)
      })
    return this.writing
  }
}
