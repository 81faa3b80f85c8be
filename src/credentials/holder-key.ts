import { createPublicKey } from 'node:crypto'
import type { JWK } from 'jose'

/** RSA moduli shorter than this are breakable today (NIST SP 800-131A). */
const MIN_RSA_BITS = 2048

/**
 * Why a holder's public key cannot bind a credential, or null when it can: it must import as a public key (node
 * refuses an EC point off its curve, or coordinates of the wrong length) and an RSA modulus must be at least 2048
 * bits. Never the key's bytes in the message.
 */
export const holderKeyProblem = (jwk: JWK): string | null => {
  let key: ReturnType<typeof createPublicKey>
  try {
    key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
  } catch {
    return 'the holder key is not a valid public key (for EC, a point on its curve with full-length coordinates)'
  }
  if (key.type !== 'public') return 'the holder key must be a public key'
  const bits = key.asymmetricKeyDetails?.modulusLength
  if (key.asymmetricKeyType === 'rsa' && (bits ?? 0) < MIN_RSA_BITS)
    return `the holder key is too short: RSA keys need at least ${MIN_RSA_BITS} bits`
  return null
}
