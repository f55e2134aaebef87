
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'registryctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'registryctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'registryctl' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the registry (HTTP API of the OCI Distribution Spec)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration, or check a configuration file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users (name and password) who may sign in to the registry')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Manage groups of users, usable as `group:NAME` in access rules')
            [CompletionResult]::new('acl', 'acl', [CompletionResultType]::ParameterValue, 'Manage and test access rules: grant, deny, revoke, list, check, audit log')
            [CompletionResult]::new('robot', 'robot', [CompletionResultType]::ParameterValue, 'Manage robot accounts: scoped, expiring, revocable credentials for machines')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the key bearer tokens are signed with')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Check the store''s integrity (and repair what is safe with --fix)')
            [CompletionResult]::new('blob', 'blob', [CompletionResultType]::ParameterValue, 'Blob inventory: what is using the disk')
            [CompletionResult]::new('quarantine', 'quarantine', [CompletionResultType]::ParameterValue, 'List and purge the corrupt bytes `scan --fix` moved to quarantine/')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'List and remove repositories')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'List, add and remove tags')
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'List, print and remove manifests')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Export and import OCI image layouts; copy images between repositories')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import another registry''s store (distribution)')
            [CompletionResult]::new('retention', 'retention', [CompletionResultType]::ParameterValue, 'Manage retention rules: which tags `prune` removes')
            [CompletionResult]::new('immutable', 'immutable', [CompletionResultType]::ParameterValue, 'Manage immutable tags: tags no push may move and no delete may remove')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove the tags no retention rule keeps (then `gc` reclaims their bytes)')
            [CompletionResult]::new('quota', 'quota', [CompletionResultType]::ParameterValue, 'Manage storage quotas: the bytes a pattern of repositories may reference')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Bytes per repository, organisation or pattern: total, only there, shared')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Remove unreferenced manifests, links and blobs while the registry keeps serving')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The deletion audit log: who removed what, why and when')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new, empty store (only `serve` and `init` create one)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Upgrade a store to this registryctl''s layout version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on: IP:PORT, HOST:PORT (localhost:5000) or :PORT (every interface) [default: 127.0.0.1:5000]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [default: text]')
            [CompletionResult]::new('--metrics-listen', '--metrics-listen', [CompletionResultType]::ParameterName, 'Serve /metrics (and /healthz, /readyz) on this separate plain-HTTP address instead of the main one')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS (needs --tls-key)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'How long requests in flight may take to finish after SIGTERM, e.g. 30s, 2m [default: 30s]')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Challenge sent to unauthenticated clients once users exist: bearer (token flow; docker, containerd, podman and skopeo all handle it) or basic [default: bearer]')
            [CompletionResult]::new('--token-realm', '--token-realm', [CompletionResultType]::ParameterName, 'URL of the token endpoint named in Bearer challenges [default: http(s)://HOST/token, HOST from the request]; set it when a proxy fronts the registry')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'Requests in flight at most; beyond, requests are answered at once with 429 TOOMANYREQUESTS and Retry-After (/healthz, /readyz and /metrics have a reserve of their own) [default: 1024]')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Open connections at most; beyond, new connections wait in the kernel''s backlog until one closes [default: 4096]')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'How long a client may take to send a request''s headers, and a new connection to send its first request; then it is closed [default: 10s]')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'How long a request or response body may make no progress before the transfer fails, and a connection may stay idle between requests [default: 60s]')
            [CompletionResult]::new('--h2-max-streams', '--h2-max-streams', [CompletionResultType]::ParameterName, 'Concurrent streams per HTTP/2 connection [default: 100]')
            [CompletionResult]::new('--max-uploads-per-repo', '--max-uploads-per-repo', [CompletionResultType]::ParameterName, 'Open upload sessions per repository at most; beyond, a new one is answered 429 TOOMANYREQUESTS [default: 1000]')
            [CompletionResult]::new('--max-uploads-per-user', '--max-uploads-per-user', [CompletionResultType]::ParameterName, 'Open upload sessions per user (anonymous callers: per client address) at most; beyond, a new one is answered 429 TOOMANYREQUESTS [default: 100]')
            [CompletionResult]::new('--upload-expiry', '--upload-expiry', [CompletionResultType]::ParameterName, 'An upload session with no bytes written for this long is removed by the server [default: 1h]')
            [CompletionResult]::new('--replica', '--replica', [CompletionResultType]::ParameterName, 'This server''s name among the replicas of one store: the `replica` field of every log line and access-log entry, of its audit-log entries (NAME/host:pid), and of `registryctl_replica_info` on /metrics [default: HOSTNAME:PORT]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Serve pulls only: pushes and deletes get 405 UNSUPPORTED')
            [CompletionResult]::new('--redirect-blobs', '--redirect-blobs', [CompletionResultType]::ParameterName, 'On object storage, answer blob GETs with 307 to a presigned URL of the bucket (valid 15 minutes) so the bytes bypass the server; clients must be able to reach the storage endpoint. Blobs up to 256 KiB are still served directly')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;config' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (as TOML) with the source of each value')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a configuration file: syntax, known keys, value types')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;config;show' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;config;check' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (as TOML) with the source of each value')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a configuration file: syntax, known keys, value types')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;config;help;show' {
            break
        }
        'registryctl;config;help;check' {
            break
        }
        'registryctl;config;help;help' {
            break
        }
        'registryctl;completions' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;user' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user (asks for the password twice on a terminal)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change a user''s password (asks twice on a terminal)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a user (and its group memberships; rules naming it stay)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List users with their groups')
            [CompletionResult]::new('import-htpasswd', 'import-htpasswd', [CompletionResultType]::ParameterValue, 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;user;add' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input (for scripts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;user;passwd' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input (for scripts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;user;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;user;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;user;import-htpasswd' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace users that exist already')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user (asks for the password twice on a terminal)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change a user''s password (asks twice on a terminal)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a user (and its group memberships; rules naming it stay)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List users with their groups')
            [CompletionResult]::new('import-htpasswd', 'import-htpasswd', [CompletionResultType]::ParameterValue, 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;user;help;add' {
            break
        }
        'registryctl;user;help;passwd' {
            break
        }
        'registryctl;user;help;rm' {
            break
        }
        'registryctl;user;help;ls' {
            break
        }
        'registryctl;user;help;import-htpasswd' {
            break
        }
        'registryctl;user;help;help' {
            break
        }
        'registryctl;group' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a group (does nothing, successfully, if it exists)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a group (rules naming it stay until revoked)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List groups and their members')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add existing users (or robots, as robot:NAME) to an existing group')
            [CompletionResult]::new('rm-member', 'rm-member', [CompletionResultType]::ParameterValue, 'Remove users from a group')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;group;add' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;group;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;group;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;group;add-member' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;group;rm-member' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;group;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a group (does nothing, successfully, if it exists)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a group (rules naming it stay until revoked)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List groups and their members')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add existing users (or robots, as robot:NAME) to an existing group')
            [CompletionResult]::new('rm-member', 'rm-member', [CompletionResultType]::ParameterValue, 'Remove users from a group')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;group;help;add' {
            break
        }
        'registryctl;group;help;rm' {
            break
        }
        'registryctl;group;help;ls' {
            break
        }
        'registryctl;group;help;add-member' {
            break
        }
        'registryctl;group;help;rm-member' {
            break
        }
        'registryctl;group;help;help' {
            break
        }
        'registryctl;acl' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Allow SUBJECT the ACTIONS on repositories matching PATTERN')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List rules, optionally only those naming a subject or concerning a repository')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Print the audit log of every user, group and rule change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;acl;grant' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;acl;deny' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;acl;revoke' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Revoke from the deny rule instead of the grant')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;acl;ls' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Only rules whose subject is exactly this')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Only rules whose pattern can match this repository')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;acl;check' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"allowed": bool, "rule": rule or null}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;acl;log' {
            [CompletionResult]::new('--tail', '--tail', [CompletionResultType]::ParameterName, 'Only the last N lines')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;acl;help' {
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Allow SUBJECT the ACTIONS on repositories matching PATTERN')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List rules, optionally only those naming a subject or concerning a repository')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Print the audit log of every user, group and rule change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;acl;help;grant' {
            break
        }
        'registryctl;acl;help;deny' {
            break
        }
        'registryctl;acl;help;revoke' {
            break
        }
        'registryctl;acl;help;ls' {
            break
        }
        'registryctl;acl;help;check' {
            break
        }
        'registryctl;acl;help;log' {
            break
        }
        'registryctl;acl;help;help' {
            break
        }
        'registryctl;robot' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a robot with its grants and expiry, and print its secret (once)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List robots: grants, expiry, who made them, when they were last used')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a robot: its secret and tokens stop working at once')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give a robot a new secret (printed once); the old one and its tokens are refused')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;robot;create' {
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'What it may do: PATTERN:ACTIONS (repeat for more)')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long it is valid: 30d, 12h, 90m, 2s, ... or `never`')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What it is for (shown by `robot ls`)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the secret and the robot as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;robot;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;robot;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;robot;rotate' {
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'A new expiry from now (30d, 12h, ... or `never`); default: keep the current one')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the new secret and the robot as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;robot;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a robot with its grants and expiry, and print its secret (once)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List robots: grants, expiry, who made them, when they were last used')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a robot: its secret and tokens stop working at once')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give a robot a new secret (printed once); the old one and its tokens are refused')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;robot;help;create' {
            break
        }
        'registryctl;robot;help;ls' {
            break
        }
        'registryctl;robot;help;rm' {
            break
        }
        'registryctl;robot;help;rotate' {
            break
        }
        'registryctl;robot;help;help' {
            break
        }
        'registryctl;token' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the signing key with a new random one; tokens of the old key are refused')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;token;rotate' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;token;help' {
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the signing key with a new random one; tokens of the old key are refused')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;token;help;rotate' {
            break
        }
        'registryctl;token;help;help' {
            break
        }
        'registryctl;scan' {
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The least severity that fails the scan (exit 1): error (the default: warnings such as unlinked bytes awaiting gc do not fail a cron job) or warning')
            [CompletionResult]::new('--upload-ttl', '--upload-ttl', [CompletionResultType]::ParameterName, 'Upload sessions and staging files idle this long are abandoned')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Threads for walking and hashing (default: every core)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Rehash every blob on all cores (reads everything)')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Repair what is safe to repair')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'With --fix: print what would be repaired, change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --fix: print what would be repaired, change nothing')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Whole digests and image lists in the table')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON (schema in docs/scan.md)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;blob' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List blobs with their size, repositories, referencing manifests, reachability and age')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;blob;ls' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Only blobs linked by a repository matching this glob (`*` within a path component, `**` across components, `?` one character)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only blobs last written or used at least this long ago (e.g. 7d, 12h)')
            [CompletionResult]::new('--min-size', '--min-size', [CompletionResultType]::ParameterName, 'Only blobs at least this big (e.g. 100M, 1.5GiB)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order: size (largest first), age (oldest first) or digest')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N blobs (the totals line still counts every match)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--unreferenced', '--unreferenced', [CompletionResultType]::ParameterName, 'Only blobs no manifest names and no repository holds as a manifest (what plain `gc` reclaims)')
            [CompletionResult]::new('--unreachable', '--unreachable', [CompletionResultType]::ParameterName, 'Only blobs no tag reaches, untagged manifests and what only they use included (what `gc --delete-untagged` reclaims)')
            [CompletionResult]::new('--untagged', '--untagged', [CompletionResultType]::ParameterName, 'Only blobs no tag reaches, untagged manifests and what only they use included (what `gc --delete-untagged` reclaims)')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere)')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Whole digests and repository lists (tables shorten them to fit 80 columns)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Print one JSON object per line')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;blob;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List blobs with their size, repositories, referencing manifests, reachability and age')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;blob;help;ls' {
            break
        }
        'registryctl;blob;help;help' {
            break
        }
        'registryctl;quarantine' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the quarantined files: digest, size, age')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete quarantined files (all, or those older than --older-than)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;quarantine;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Whole digests')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;quarantine;purge' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only files quarantined at least this long ago (e.g. 30d)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print what would be deleted, delete nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted, delete nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;quarantine;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the quarantined files: digest, size, age')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete quarantined files (all, or those older than --older-than)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;quarantine;help;ls' {
            break
        }
        'registryctl;quarantine;help;purge' {
            break
        }
        'registryctl;quarantine;help;help' {
            break
        }
        'registryctl;repo' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List repositories with tag, manifest and blob counts and sizes')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;repo;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;repo;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;repo;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List repositories with tag, manifest and blob counts and sizes')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;repo;help;ls' {
            break
        }
        'registryctl;repo;help;rm' {
            break
        }
        'registryctl;repo;help;help' {
            break
        }
        'registryctl;tag' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a repository''s tags with the manifest each points at')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove tags (untag only: the manifests stay for gc to judge)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;tag;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Whole digests')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;tag;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;tag;add' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;tag;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a repository''s tags with the manifest each points at')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove tags (untag only: the manifests stay for gc to judge)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;tag;help;ls' {
            break
        }
        'registryctl;tag;help;rm' {
            break
        }
        'registryctl;tag;help;add' {
            break
        }
        'registryctl;tag;help;help' {
            break
        }
        'registryctl;manifest' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a repository''s manifests with their type, size, age and tags')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a manifest or index as pretty JSON')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a manifest from a repository, with every tag pointing at it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;manifest;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--untagged', '--untagged', [CompletionResultType]::ParameterName, 'Only manifests no tag points at')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Whole digests and tag lists')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;manifest;get' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'The stored bytes as they are, not re-indented')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;manifest;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;manifest;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a repository''s manifests with their type, size, age and tags')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a manifest or index as pretty JSON')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a manifest from a repository, with every tag pointing at it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;manifest;help;ls' {
            break
        }
        'registryctl;manifest;help;get' {
            break
        }
        'registryctl;manifest;help;rm' {
            break
        }
        'registryctl;manifest;help;help' {
            break
        }
        'registryctl;image' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write an image (an index with all its platforms) to an OCI image layout')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read an image from an OCI image layout (a directory or a tar archive) into a repository')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy an image to another repository of this store (links, no bytes copied)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;image;export' {
            [CompletionResult]::new('--tar', '--tar', [CompletionResultType]::ParameterName, 'Write a tar archive of the layout instead of a directory')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--referrers', '--referrers', [CompletionResultType]::ParameterName, 'Include the manifests that refer to the image (signatures, SBOMs…)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;image;import' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Which image of the layout (its `org.opencontainers.image.ref.name`)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;image;copy' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--referrers', '--referrers', [CompletionResultType]::ParameterName, 'Include the manifests that refer to the image (signatures, SBOMs…)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;image;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write an image (an index with all its platforms) to an OCI image layout')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read an image from an OCI image layout (a directory or a tar archive) into a repository')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy an image to another repository of this store (links, no bytes copied)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;image;help;export' {
            break
        }
        'registryctl;image;help;import' {
            break
        }
        'registryctl;image;help;copy' {
            break
        }
        'registryctl;image;help;help' {
            break
        }
        'registryctl;import' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('distribution', 'distribution', [CompletionResultType]::ParameterValue, 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;import;distribution' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;import;store' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;import;help' {
            [CompletionResult]::new('distribution', 'distribution', [CompletionResultType]::ParameterValue, 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;import;help;distribution' {
            break
        }
        'registryctl;import;help;store' {
            break
        }
        'registryctl;import;help;help' {
            break
        }
        'registryctl;retention' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rule by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the rules')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say whether `prune` would keep a tag, and which rule decides')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;retention;add' {
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Only tags matching this glob (e.g. `pr-*`); all tags when unset')
            [CompletionResult]::new('--keep-last', '--keep-last', [CompletionResultType]::ParameterName, 'Keep the N most recently pushed tags the rule applies to, per repository')
            [CompletionResult]::new('--keep-pushed-within', '--keep-pushed-within', [CompletionResultType]::ParameterName, 'Keep tags pushed within this long (e.g. 14d, 12h)')
            [CompletionResult]::new('--keep-pulled-within', '--keep-pulled-within', [CompletionResultType]::ParameterName, 'Keep tags whose manifest was pulled (`GET`) within this long (e.g. 30d)')
            [CompletionResult]::new('--keep-matching', '--keep-matching', [CompletionResultType]::ParameterName, 'Always keep tags matching this glob (repeatable: `v*`, `latest`)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The rule''s name [default: r1, r2, …]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;retention;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;retention;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the rules as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;retention;explain' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the decision as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;retention;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rule by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the rules')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say whether `prune` would keep a tag, and which rule decides')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;retention;help;add' {
            break
        }
        'registryctl;retention;help;rm' {
            break
        }
        'registryctl;retention;help;ls' {
            break
        }
        'registryctl;retention;help;explain' {
            break
        }
        'registryctl;retention;help;help' {
            break
        }
        'registryctl;immutable' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rule by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the rules')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;immutable;add' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The rule''s name [default: i1, i2, …]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;immutable;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;immutable;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the rules as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;immutable;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rule by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the rules')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;immutable;help;add' {
            break
        }
        'registryctl;immutable;help;rm' {
            break
        }
        'registryctl;immutable;help;ls' {
            break
        }
        'registryctl;immutable;help;help' {
            break
        }
        'registryctl;prune' {
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'Nothing stamped (written, pushed, mounted or re-used) more recently than this is removed')
            [CompletionResult]::new('--upload-ttl', '--upload-ttl', [CompletionResultType]::ParameterName, 'Upload sessions and staging files untouched for this long are removed')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the walks (default: twice the cores, at most 16)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print the plan, remove nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan, remove nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the plan (or what was removed) as JSON; with --gc, gc''s report is its `gc` field')
            [CompletionResult]::new('--gc', '--gc', [CompletionResultType]::ParameterName, 'Then run gc (as `registryctl gc` with the flags below; with --dry-run, plan it)')
            [CompletionResult]::new('--delete-untagged', '--delete-untagged', [CompletionResultType]::ParameterName, 'Only tags are roots: manifests that no tag reaches (directly, as an index child or as a referrer of one) are removed with what only they use')
            [CompletionResult]::new('--no-memo', '--no-memo', [CompletionResultType]::ParameterName, 'Object storage: read every record instead of trusting what earlier runs read from records that stay (gc''s memo, docs/gc.md), and do not write the memo')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;quota' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a quota on a pattern of repositories')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a quota by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the quotas with what their scopes use now')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;quota;add' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'The limit: a number of bytes with an optional unit (10GiB, 500M, 1.5G)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The quota''s name [default: q1, q2, …]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;quota;rm' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;quota;ls' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the quotas as JSON')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Sizes in bytes instead of KiB/MiB/GiB')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;quota;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a quota on a pattern of repositories')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a quota by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the quotas with what their scopes use now')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;quota;help;add' {
            break
        }
        'registryctl;quota;help;rm' {
            break
        }
        'registryctl;quota;help;ls' {
            break
        }
        'registryctl;quota;help;help' {
            break
        }
        'registryctl;usage' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group repositories by organisation (first path component) or not at all')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'One scope: the repositories this ACL pattern matches (repeatable)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Sizes in bytes instead of KiB/MiB/GiB')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;gc' {
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'Nothing stamped (written, pushed, mounted or re-used) more recently than this is removed')
            [CompletionResult]::new('--upload-ttl', '--upload-ttl', [CompletionResultType]::ParameterName, 'Upload sessions and staging files untouched for this long are removed')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the walks (default: twice the cores, at most 16)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Decide everything and report it, remove nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Decide everything and report it, remove nothing')
            [CompletionResult]::new('--delete-untagged', '--delete-untagged', [CompletionResultType]::ParameterName, 'Only tags are roots: manifests that no tag reaches (directly, as an index child or as a referrer of one) are removed with what only they use')
            [CompletionResult]::new('--no-memo', '--no-memo', [CompletionResultType]::ParameterName, 'Object storage: read every record instead of trusting what earlier runs read from records that stay (gc''s memo, docs/gc.md), and do not write the memo')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON report on stdout, with every item removed (or, with --dry-run, to be removed) and held back, and why nothing more was removable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;audit' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Print the deletion audit log: who removed what, why and when')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;audit;log' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries at or after WHEN (a duration back from now, or an RFC 3339 time)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only entries before WHEN (a duration back from now, or an RFC 3339 time)')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Only entries about repositories matching this glob')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entries of these kinds (comma-separated or repeated)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per line, with every field')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;audit;help' {
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Print the deletion audit log: who removed what, why and when')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;audit;help;log' {
            break
        }
        'registryctl;audit;help;help' {
            break
        }
        'registryctl;init' {
            [CompletionResult]::new('--store-group', '--store-group', [CompletionResultType]::ParameterName, 'Share the store with this group (directories 2770, files 0660) instead of keeping it private to its owner (0700/0600)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;migrate' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Store root directory (also `root` in the configuration file)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'registryctl;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the registry (HTTP API of the OCI Distribution Spec)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration, or check a configuration file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users (name and password) who may sign in to the registry')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Manage groups of users, usable as `group:NAME` in access rules')
            [CompletionResult]::new('acl', 'acl', [CompletionResultType]::ParameterValue, 'Manage and test access rules: grant, deny, revoke, list, check, audit log')
            [CompletionResult]::new('robot', 'robot', [CompletionResultType]::ParameterValue, 'Manage robot accounts: scoped, expiring, revocable credentials for machines')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the key bearer tokens are signed with')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Check the store''s integrity (and repair what is safe with --fix)')
            [CompletionResult]::new('blob', 'blob', [CompletionResultType]::ParameterValue, 'Blob inventory: what is using the disk')
            [CompletionResult]::new('quarantine', 'quarantine', [CompletionResultType]::ParameterValue, 'List and purge the corrupt bytes `scan --fix` moved to quarantine/')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'List and remove repositories')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'List, add and remove tags')
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'List, print and remove manifests')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Export and import OCI image layouts; copy images between repositories')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import another registry''s store (distribution)')
            [CompletionResult]::new('retention', 'retention', [CompletionResultType]::ParameterValue, 'Manage retention rules: which tags `prune` removes')
            [CompletionResult]::new('immutable', 'immutable', [CompletionResultType]::ParameterValue, 'Manage immutable tags: tags no push may move and no delete may remove')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove the tags no retention rule keeps (then `gc` reclaims their bytes)')
            [CompletionResult]::new('quota', 'quota', [CompletionResultType]::ParameterValue, 'Manage storage quotas: the bytes a pattern of repositories may reference')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Bytes per repository, organisation or pattern: total, only there, shared')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Remove unreferenced manifests, links and blobs while the registry keeps serving')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The deletion audit log: who removed what, why and when')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new, empty store (only `serve` and `init` create one)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Upgrade a store to this registryctl''s layout version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'registryctl;help;serve' {
            break
        }
        'registryctl;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (as TOML) with the source of each value')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a configuration file: syntax, known keys, value types')
            break
        }
        'registryctl;help;config;show' {
            break
        }
        'registryctl;help;config;check' {
            break
        }
        'registryctl;help;completions' {
            break
        }
        'registryctl;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user (asks for the password twice on a terminal)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change a user''s password (asks twice on a terminal)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a user (and its group memberships; rules naming it stay)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List users with their groups')
            [CompletionResult]::new('import-htpasswd', 'import-htpasswd', [CompletionResultType]::ParameterValue, 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)')
            break
        }
        'registryctl;help;user;add' {
            break
        }
        'registryctl;help;user;passwd' {
            break
        }
        'registryctl;help;user;rm' {
            break
        }
        'registryctl;help;user;ls' {
            break
        }
        'registryctl;help;user;import-htpasswd' {
            break
        }
        'registryctl;help;group' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a group (does nothing, successfully, if it exists)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a group (rules naming it stay until revoked)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List groups and their members')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add existing users (or robots, as robot:NAME) to an existing group')
            [CompletionResult]::new('rm-member', 'rm-member', [CompletionResultType]::ParameterValue, 'Remove users from a group')
            break
        }
        'registryctl;help;group;add' {
            break
        }
        'registryctl;help;group;rm' {
            break
        }
        'registryctl;help;group;ls' {
            break
        }
        'registryctl;help;group;add-member' {
            break
        }
        'registryctl;help;group;rm-member' {
            break
        }
        'registryctl;help;acl' {
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Allow SUBJECT the ACTIONS on repositories matching PATTERN')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List rules, optionally only those naming a subject or concerning a repository')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Print the audit log of every user, group and rule change')
            break
        }
        'registryctl;help;acl;grant' {
            break
        }
        'registryctl;help;acl;deny' {
            break
        }
        'registryctl;help;acl;revoke' {
            break
        }
        'registryctl;help;acl;ls' {
            break
        }
        'registryctl;help;acl;check' {
            break
        }
        'registryctl;help;acl;log' {
            break
        }
        'registryctl;help;robot' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a robot with its grants and expiry, and print its secret (once)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List robots: grants, expiry, who made them, when they were last used')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a robot: its secret and tokens stop working at once')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give a robot a new secret (printed once); the old one and its tokens are refused')
            break
        }
        'registryctl;help;robot;create' {
            break
        }
        'registryctl;help;robot;ls' {
            break
        }
        'registryctl;help;robot;rm' {
            break
        }
        'registryctl;help;robot;rotate' {
            break
        }
        'registryctl;help;token' {
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the signing key with a new random one; tokens of the old key are refused')
            break
        }
        'registryctl;help;token;rotate' {
            break
        }
        'registryctl;help;scan' {
            break
        }
        'registryctl;help;blob' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List blobs with their size, repositories, referencing manifests, reachability and age')
            break
        }
        'registryctl;help;blob;ls' {
            break
        }
        'registryctl;help;quarantine' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the quarantined files: digest, size, age')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete quarantined files (all, or those older than --older-than)')
            break
        }
        'registryctl;help;quarantine;ls' {
            break
        }
        'registryctl;help;quarantine;purge' {
            break
        }
        'registryctl;help;repo' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List repositories with tag, manifest and blob counts and sizes')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)')
            break
        }
        'registryctl;help;repo;ls' {
            break
        }
        'registryctl;help;repo;rm' {
            break
        }
        'registryctl;help;tag' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a repository''s tags with the manifest each points at')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove tags (untag only: the manifests stay for gc to judge)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)')
            break
        }
        'registryctl;help;tag;ls' {
            break
        }
        'registryctl;help;tag;rm' {
            break
        }
        'registryctl;help;tag;add' {
            break
        }
        'registryctl;help;manifest' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a repository''s manifests with their type, size, age and tags')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a manifest or index as pretty JSON')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a manifest from a repository, with every tag pointing at it')
            break
        }
        'registryctl;help;manifest;ls' {
            break
        }
        'registryctl;help;manifest;get' {
            break
        }
        'registryctl;help;manifest;rm' {
            break
        }
        'registryctl;help;image' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write an image (an index with all its platforms) to an OCI image layout')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read an image from an OCI image layout (a directory or a tar archive) into a repository')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy an image to another repository of this store (links, no bytes copied)')
            break
        }
        'registryctl;help;image;export' {
            break
        }
        'registryctl;help;image;import' {
            break
        }
        'registryctl;help;image;copy' {
            break
        }
        'registryctl;help;import' {
            [CompletionResult]::new('distribution', 'distribution', [CompletionResultType]::ParameterValue, 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one')
            break
        }
        'registryctl;help;import;distribution' {
            break
        }
        'registryctl;help;import;store' {
            break
        }
        'registryctl;help;retention' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rule by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the rules')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say whether `prune` would keep a tag, and which rule decides')
            break
        }
        'registryctl;help;retention;add' {
            break
        }
        'registryctl;help;retention;rm' {
            break
        }
        'registryctl;help;retention;ls' {
            break
        }
        'registryctl;help;retention;explain' {
            break
        }
        'registryctl;help;immutable' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rule by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the rules')
            break
        }
        'registryctl;help;immutable;add' {
            break
        }
        'registryctl;help;immutable;rm' {
            break
        }
        'registryctl;help;immutable;ls' {
            break
        }
        'registryctl;help;prune' {
            break
        }
        'registryctl;help;quota' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a quota on a pattern of repositories')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a quota by its id')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the quotas with what their scopes use now')
            break
        }
        'registryctl;help;quota;add' {
            break
        }
        'registryctl;help;quota;rm' {
            break
        }
        'registryctl;help;quota;ls' {
            break
        }
        'registryctl;help;usage' {
            break
        }
        'registryctl;help;gc' {
            break
        }
        'registryctl;help;audit' {
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Print the deletion audit log: who removed what, why and when')
            break
        }
        'registryctl;help;audit;log' {
            break
        }
        'registryctl;help;init' {
            break
        }
        'registryctl;help;migrate' {
            break
        }
        'registryctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
