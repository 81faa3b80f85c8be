import { openIndexStore } from '../person-index/store/open-store.ts'
import type { PersonIndexStore } from '../person-index/types.ts'

/** Runs a command's work on a person index that must already exist, and closes it whether the work ends or throws. */
export const withIndexStore = async <T>(
  location: string,
  work: (store: PersonIndexStore) => Promise<T>,
): Promise<T> => {
  const store = await openIndexStore(location, { create: false })
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
