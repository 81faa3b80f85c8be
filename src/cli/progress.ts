import cliProgress from 'cli-progress'
import type { Progress } from '../link/progress.ts'

const quiet: Progress = { stage() {}, update() {}, end() {} }

/**
 * Progress on stderr, and only when stderr is a terminal: piped or CI output stays clean for the summary on stdout.
 */
export const progressOnStderr = (): Progress => {
  if (!process.stderr.isTTY) return quiet
  let bar: cliProgress.SingleBar | null = null
  let started = 0
  const finish = () => {
    if (bar) bar.stop()
    else if (started) process.stderr.write(` done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
    bar = null
    started = 0
  }
  return {
    stage(name, total) {
      finish()
      started = Date.now()
      if (total && total > 0) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${name.padEnd(22)} [{bar}] {percentage}% {value}/{total} {duration_formatted}`,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(total, 0)
      } else {
        process.stderr.write(`${name.padEnd(22)} …`)
      }
    },
    update(done) {
      bar?.update(done)
    },
    end: finish,
  }
}
