import v8 from 'node:v8'
import vm from 'node:vm'
import type { FastifyInstance } from 'fastify'
import { defaultCheckpointFolder } from '../person-index/store/audit-checkpoint.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'
import type { PersonIndexStore } from '../person-index/types.ts'
import { openRealtimeIndex } from '../realtime/memory-index.ts'
import { type AppOptions, buildApp } from './app.ts'
import type { EligibilityOptions } from './eligibility-routes.ts'

export interface ServerOptions {
  /** A person index file or postgres:// URL. */
  index: string
  host: string
  port: number
  accessLog?: (line: string) => void
  eligibility?: EligibilityOptions
  web?: AppOptions['web']
  /** Folder of the audit checkpoint key and checkpoints; beside an embedded index file by default. */
  auditCheckpoints?: string
  custodyModel?: AppOptions['custodyModel']
  /** Hears how the index was loaded (from its snapshot, or from the store and why). */
  onLoad?: (message: string) => void
}

/** The snapshot of an embedded index's memory, beside its file (src/realtime/snapshot.ts); none for PostgreSQL. */
export const defaultSnapshotPath = (index: string): string | undefined =>
  /^postgres(ql)?:\/\//i.test(index) ? undefined : `${index}.snapshot`

export interface RunningServer {
  /** The base URL the server listens on. */
  url: string
  records: number
  persons: number
  store: PersonIndexStore
  app: FastifyInstance
  /** Stops taking requests, lets those in flight finish (and their audit entries be written), then closes the index. */
  stop(): Promise<void>
}

/**
 * Loading a large index leaves gigabytes of garbage; without a full collection now, the first requests would wait
 * seconds for it (measured: 10 s for the first match after loading a million records).
 */
const collectGarbage = (): void => {
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
}

/** Opens the index, loads it into memory and listens. The index must exist: serving never creates one. */
export const startServer = async (options: ServerOptions): Promise<RunningServer> => {
  const store = await openIndexStore(options.index, { create: false })
  try {
    const index = await openRealtimeIndex(store, {
      snapshot: defaultSnapshotPath(options.index),
      onLoad: options.onLoad,
    })
    collectGarbage()
    const app = await buildApp({
      index,
      store,
      accessLog: options.accessLog,
      eligibility: options.eligibility,
      web: options.web,
      custodyModel: options.custodyModel,
      auditCheckpoints: options.auditCheckpoints ?? defaultCheckpointFolder(options.index) ?? undefined,
    })
    const address = await app.listen({ host: options.host, port: options.port })
    const { records, persons } = index.stats()
    return {
      url: address,
      records,
      persons,
      store,
      app,
      stop: async () => {
        await app.close()
        await index.close()
        await store.close()
      },
    }
  } catch (e) {
    await store.close().catch(() => undefined)
    throw e
  }
}
