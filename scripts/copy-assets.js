// The build's second half: tsc emits only JavaScript, so the files the code reads beside itself (the review app's
// templates and static assets, and any others added under src/) are copied into dist/ at the same paths.
import { cpSync } from 'node:fs'

cpSync('src', 'dist', {
  recursive: true,
  filter: (source) => !source.endsWith('.ts') && !source.includes('/testing'),
})
