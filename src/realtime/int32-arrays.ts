/** `from` copied into a new array of `length` whose further places hold `fill`: how the per-slot arrays grow. */
export const grownInt32 = (from: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> => {
  const to = new Int32Array(length).fill(fill)
  to.set(from)
  return to
}
