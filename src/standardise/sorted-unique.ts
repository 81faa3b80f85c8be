/** Sorts in place and drops repeats: cheaper than a Set for the handful of tokens a record has. */
export const sortedUnique = (tokens: string[]): string[] => {
  tokens.sort()
  let kept = 0
  for (let i = 0; i < tokens.length; i++) {
    if (i === 0 || tokens[i] !== tokens[kept - 1]) tokens[kept++] = tokens[i]!
  }
  tokens.length = kept
  return tokens
}
