/** Progress of a long run, one stage at a time: the command line draws it (src/cli/progress.ts), tests ignore it. */
export interface Progress {
  stage(name: string, total?: number): void
  update(done: number): void
  end(): void
}
