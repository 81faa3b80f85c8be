import { type Command, InvalidArgumentError } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import type { PersonIndexStore, StaffRole } from '../../person-index/types.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../web/passwords.ts'
import { withIndexStore } from '../index-store.ts'
import { INDEX_OPTION } from '../options.ts'

const ROLES: readonly StaffRole[] = ['reviewer', 'analyst', 'admin', 'custody']
const USERNAME = /^[a-z0-9._-]{2,64}$/

const role = (value: string): StaffRole => {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`--role takes one of ${ROLES.join(', ')}`)
  return value as StaffRole
}

const username = (value: string): string => {
  if (!USERNAME.test(value))
    throw new InvalidArgumentError('--username takes 2 to 64 characters: lower-case letters, digits, . _ -')
  return value
}

/** The password from JUSTID_PASSWORD, else the first line of stdin: never from the command line, where ps shows it. */
const readPassword = async (): Promise<string> => {
  const fromEnv = process.env.JUSTID_PASSWORD
  if (fromEnv !== undefined) return fromEnv
  if (process.stdin.isTTY) process.stderr.write('password: ')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
}

/** A new password as readPassword gives it, refused when too short to be kept. */
const readNewPassword = async (): Promise<string> => {
  const password = await readPassword()
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new JustIdError('usage', `the password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  return password
}

/** Runs a change against one existing user; a username the index does not hold is a usage mistake. */
const changeUser = async (
  index: string,
  name: string,
  work: (store: PersonIndexStore) => Promise<boolean>,
): Promise<void> => {
  if (!(await withIndexStore(index, work))) throw new JustIdError('usage', `there is no staff user ${name}`)
}

/**
 * The commands that change one existing user, in the order help lists them: each prepares its change (reading a
 * password before the index is opened), then says what it did.
 */
const USER_CHANGES: {
  command: string
  description: string
  change: (name: string) => Promise<(store: PersonIndexStore) => Promise<boolean>>
  done: string
}[] = [
  {
    command: 'disable',
    description: 'Stop a user signing in; a signed-in session of theirs ends at its next request.',
    change: async (name) => (store) => store.updateStaffUser(name, { disabled: true }),
    done: 'disabled',
  },
  {
    command: 'enable',
    description: 'Let a disabled user sign in again.',
    change: async (name) => (store) => store.updateStaffUser(name, { disabled: false }),
    done: 'enabled',
  },
  {
    command: 'reset-password',
    description:
      'Give a user a new password (from JUSTID_PASSWORD or stdin) and lift any lockout; their sessions end.',
    change: async (name) => {
      const passwordHash = await hashPassword(await readNewPassword())
      return async (store) => {
        if (!(await store.updateStaffUser(name, { passwordHash }))) return false
        await store.setSignInState(name, null)
        return true
      }
    },
    done: 'new password set for',
  },
  {
    command: 'unlock',
    description: 'Lift the lockout that repeated failed sign-ins put on a user, and reset their count.',
    change: async (name) => async (store) => {
      if (!(await store.staffUser(name))) return false
      await store.setSignInState(name, null)
      return true
    },
    done: 'unlocked',
  },
]

export const registerUsers = (program: Command): void => {
  const users = program.command('users').description('Manage the staff who sign in to the review app.')
  users
    .command('add')
    .description(
      'Add a staff user. The password comes from JUSTID_PASSWORD or stdin; only its scrypt hash is kept.',
    )
    .requiredOption(...INDEX_OPTION)
    .requiredOption('--username <name>', 'what they sign in with', username)
    .requiredOption('--name <display name>', 'the name shown in the app and on decisions')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
    .action(async (opts: { index: string; username: string; name: string; role: StaffRole }) => {
      const password = await readNewPassword()
      await withIndexStore(opts.index, async (store) => {
        if (await store.staffUser(opts.username))
          throw new JustIdError('usage', 'a staff user with this username already exists')
        await store.addStaffUser(
          {
            username: opts.username,
            displayName: opts.name,
            role: opts.role,
            createdAt: new Date().toISOString(),
            disabled: false,
          },
          await hashPassword(password),
        )
      })
      process.stdout.write(`added ${opts.role} ${opts.username}\n`)
    })
  for (const c of USER_CHANGES)
    users
      .command(c.command)
      .description(c.description)
      .requiredOption(...INDEX_OPTION)
      .requiredOption('--username <name>', 'the user', username)
      .action(async (opts: { index: string; username: string }) => {
        const work = await c.change(opts.username)
        await changeUser(opts.index, opts.username, work)
        process.stdout.write(`${c.done} ${opts.username}\n`)
      })
}
