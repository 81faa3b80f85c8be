/**
 * Which pairs of records a run may join: across sources and within each (the default), only across sources (two
 * clean registers, each holding a person once), or only within each source (de-duplicate several files apart).
 */
export const LINK_TYPES = ['link_and_dedupe', 'link_only', 'dedupe_only'] as const
export type LinkType = (typeof LINK_TYPES)[number]

const SCOPE_SQL: Record<LinkType, string> = {
  link_and_dedupe: '',
  link_only: 'AND l.source <> r.source',
  dedupe_only: 'AND l.source = r.source',
}

/** The condition a join of records `l` and `r` adds for the link type: empty, or `AND l.source ... r.source`. */
export const pairScopeSql = (linkType: LinkType = 'link_and_dedupe'): string => SCOPE_SQL[linkType]

/**
 * Pairs of records the link type allows among groups of the given sizes (a group: the records of one source that
 * agree on a key, or a whole source): all pairs, pairs across sources (Σ over two sources of n_a × n_b), or pairs
 * within a source (Σ n_s(n_s − 1)/2).
 */
export const comparablePairs = (
  sourceSizes: readonly number[],
  linkType: LinkType = 'link_and_dedupe',
): number => {
  const total = sourceSizes.reduce((a, n) => a + n, 0)
  const within = sourceSizes.reduce((a, n) => a + (n * (n - 1)) / 2, 0)
  const all = (total * (total - 1)) / 2
  return linkType === 'link_and_dedupe' ? all : linkType === 'dedupe_only' ? within : all - within
}

/**
 * SQL for the same count over groups: `n` is a group's records and `nn` the sum of squares of its sources' records,
 * so pairs across sources are (n² − nn)/2 and pairs within them (nn − n)/2.
 */
export const scopedPairsSql = (linkType: LinkType = 'link_and_dedupe'): string =>
  linkType === 'link_and_dedupe'
    ? 'n * (n - 1) / 2'
    : linkType === 'link_only'
      ? '(n * n - nn) / 2'
      : '(nn - n) / 2'
