// What never reaches the log file: tokens (JWTs, bearer tokens, Stripe keys), the values of
// secret-bearing URL parameters (a signed URL's token or signature, an OAuth code), secrets the
// app registers as it learns them (the anon key, each access token it sends), and the user's
// own paths: a path inside the data folder is written relative to it (<data>/...), any other
// absolute path (a photo's folder, the home folder) as <path>. Pure: no I/O.

const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g;
const BEARER = /\b(Bearer)\s+[\w.~+/=-]+/gi;
const STRIPE_KEY = /\b(?:sk|rk|pk)_(?:live|test)_[\w]+|\bwhsec_[\w]+|\bcs_(?:live|test)_[\w]+/g;
/** URL parameters (and key=value pairs) whose value is a credential */
const SECRET_PARAM =
  /([?&;\s"']|^)((?:access_|refresh_|id_)?token|apikey|api_key|key|code|code_verifier|sig|signature|x-amz-signature|x-amz-credential|password|secret|session_id)=([^&\s"'#]+)/gi;
/** JSON fields whose value is a credential */
const SECRET_FIELD = /("(?:access_token|refresh_token|provider_token|token|apikey|password|secret|signedUrl|signedURL)"\s*:\s*)"[^"]*"/gi;
/**
 * An absolute path: POSIX (/x/y) or Windows (C:\x or C:/x), starting a word (not inside a URL,
 * which the lookbehind keeps out: a URL path follows its host, nor after <data>). A file name may
 * hold spaces, so a path runs to the first file extension on the line (not across a ` -flag`),
 * else to the first space. Taking too much is safe; too little would leak a name.
 */
const ABSOLUTE_PATH =
  /(?<![\w.:/\\%<>-])(?:[A-Za-z]:[\\/]|\/(?=[\w.~-]))(?:(?:(?! -)[^\n"'`<>|]){0,240}?\.[A-Za-z0-9]{2,5}(?=$|[\s"'`),;:])|[^\s"'`<>|,;()]*)/g;

export interface Redactor {
  /** Adds a value (8 characters or more) that must never appear in the log. */
  addSecret(value: string | null | undefined): void;
  redact(text: string): string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRedactor(options: { dataDir?: string; secrets?: readonly string[] } = {}): Redactor {
  const secrets = new Set<string>();
  let secretPattern: RegExp | null = null;
  const dataDirs = options.dataDir ? [options.dataDir, options.dataDir.replaceAll('\\', '/')].map((d) => d.replace(/[\\/]+$/, '')) : [];
  const dataPattern = dataDirs.length ? new RegExp(`(${[...new Set(dataDirs)].map(escapeRegExp).join('|')})(?=[\\\\/]|$|[\\s"'])`, 'g') : null;

  const redactor: Redactor = {
    addSecret(value) {
      if (!value || value.length < 8 || secrets.has(value)) return;
      secrets.add(value);
      secretPattern = new RegExp([...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    },
    redact(text) {
      let out = text;
      if (secretPattern) out = out.replace(secretPattern, '[secret]');
      out = out
        .replace(JWT, '[jwt]')
        .replace(BEARER, '$1 [redacted]')
        .replace(STRIPE_KEY, '[key]')
        .replace(SECRET_PARAM, (_m, lead: string, name: string) => `${lead}${name}=[redacted]`)
        .replace(SECRET_FIELD, '$1"[redacted]"');
      if (dataPattern) out = out.replace(dataPattern, '<data>');
      return out.replace(ABSOLUTE_PATH, (path) => (path.startsWith('<data>') ? path : '<path>'));
    },
  };
  for (const s of options.secrets ?? []) redactor.addSecret(s);
  return redactor;
}
