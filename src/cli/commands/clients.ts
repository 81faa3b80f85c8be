import { type Command, InvalidArgumentError } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import type { ApiScope, PersonIndexStore } from '../../person-index/types.ts'
import { formatToken, generateSecret, hashSecret } from '../../serve/auth.ts'
import { API_SCOPES, createClient, DEFAULT_RATE_LIMIT_PER_MINUTE, isApiScope } from '../../serve/clients.ts'
import { withIndexStore } from '../index-store.ts'
import { INDEX_OPTION, positiveInteger } from '../options.ts'

const scopes = (value: string): ApiScope[] => {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = list.filter((s) => !isApiScope(s))
  if (list.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(
      `--scopes takes a comma-separated list of ${API_SCOPES.map((s) => s.scope).join(', ')}` +
        (unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''),
    )
  return list as ApiScope[]
}

export const registerClients = (program: Command): void => {
  const clients = program
    .command('clients')
    .description('Manage the API clients allowed to call justid serve.')
  clients
    .command('add')
    .description('Register an API client and print its token, once: only a hash of it is kept.')
    .requiredOption(...INDEX_OPTION)
    .requiredOption('--name <name>', 'who the client is, e.g. "magistrates listing service"')
    .requiredOption(
      '--scopes <list>',
      `comma-separated, each granted alone: ${API_SCOPES.map((s) => `${s.scope} (${s.grants})`).join('; ')}`,
      scopes,
    )
    .option(
      '--rate-limit <n>',
      'requests allowed per minute',
      positiveInteger('--rate-limit'),
      DEFAULT_RATE_LIMIT_PER_MINUTE,
    )
    .action(async (opts: { index: string; name: string; scopes: ApiScope[]; rateLimit: number }) => {
      const { client, token } = await withIndexStore(opts.index, (store) =>
        createClient(store, { name: opts.name, scopes: opts.scopes, rateLimitPerMinute: opts.rateLimit }),
      )
      process.stdout.write(
        `client id: ${client.id}\nscopes:    ${client.scopes.join(', ')}\n` +
          `token:     ${token}\n` +
          'Send it as "Authorization: Bearer <token>". It is shown only now: store it in a secrets manager.\n',
      )
    })
  clients
    .command('list')
    .description('List the API clients (never their secrets).')
    .requiredOption(...INDEX_OPTION)
    .action(async (opts: { index: string }) => {
      const list = await withIndexStore(opts.index, (store) => store.clients())
      if (list.length === 0) {
        process.stdout.write('no API clients: add one with justid clients add\n')
        return
      }
      for (const c of list)
        process.stdout.write(
          `${c.id}\t${c.name}\t${c.scopes.join(',')}\t${c.rateLimitPerMinute}/min\t` +
            `${c.disabled ? 'disabled' : 'enabled'}\tcreated ${c.createdAt}\n`,
        )
    })
  const change = (
    name: string,
    description: string,
    apply: (store: PersonIndexStore, id: string) => Promise<string | null>,
  ) =>
    clients
      .command(name)
      .description(description)
      .requiredOption(...INDEX_OPTION)
      .requiredOption('--client <id>', 'the client id (justid clients list)')
      .action(async (opts: { index: string; client: string }) => {
        const said = await withIndexStore(opts.index, (store) => apply(store, opts.client))
        if (said === null) throw new JustIdError('usage', `there is no API client ${opts.client}`)
        process.stdout.write(said)
      })
  change('disable', 'Refuse every request of a client (401) from its next one.', async (store, id) =>
    (await store.updateClient(id, { disabled: true })) ? `disabled ${id}\n` : null,
  )
  change('enable', 'Accept a disabled client again.', async (store, id) =>
    (await store.updateClient(id, { disabled: false })) ? `enabled ${id}\n` : null,
  )
  change(
    'rotate',
    'Give a client a new secret and print its new token, once; the old token is refused from its next request.',
    async (store, id) => {
      const secret = generateSecret()
      if (!(await store.updateClient(id, { secretHash: hashSecret(secret) }))) return null
      return (
        `client id: ${id}\ntoken:     ${formatToken(id, secret)}\n` +
        'The old token no longer works. This one is shown only now: store it in a secrets manager.\n'
      )
    },
  )
}
