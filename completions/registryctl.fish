# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_registryctl_global_optspecs
    string join \n root= storage= q/quiet v/verbose color= config= h/help V/version
end

function __fish_registryctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_registryctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_registryctl_using_subcommand
    set -l cmd (__fish_registryctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c registryctl -n "__fish_registryctl_needs_command" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_needs_command" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_needs_command" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_needs_command" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_needs_command" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_needs_command" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_needs_command" -s V -l version -d 'Print version'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "serve" -d 'Run the registry (HTTP API of the OCI Distribution Spec)'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "config" -d 'Show the effective configuration, or check a configuration file'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "user" -d 'Manage users (name and password) who may sign in to the registry'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "group" -d 'Manage groups of users, usable as `group:NAME` in access rules'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "acl" -d 'Manage and test access rules: grant, deny, revoke, list, check, audit log'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "robot" -d 'Manage robot accounts: scoped, expiring, revocable credentials for machines'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "token" -d 'Manage the key bearer tokens are signed with'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "scan" -d 'Check the store\'s integrity (and repair what is safe with --fix)'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "blob" -d 'Blob inventory: what is using the disk'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "quarantine" -d 'List and purge the corrupt bytes `scan --fix` moved to quarantine/'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "repo" -d 'List and remove repositories'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "tag" -d 'List, add and remove tags'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "manifest" -d 'List, print and remove manifests'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "image" -d 'Export and import OCI image layouts; copy images between repositories'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "import" -d 'Import another registry\'s store (distribution)'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "retention" -d 'Manage retention rules: which tags `prune` removes'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "immutable" -d 'Manage immutable tags: tags no push may move and no delete may remove'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "prune" -d 'Remove the tags no retention rule keeps (then `gc` reclaims their bytes)'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "quota" -d 'Manage storage quotas: the bytes a pattern of repositories may reference'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "usage" -d 'Bytes per repository, organisation or pattern: total, only there, shared'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "gc" -d 'Remove unreferenced manifests, links and blobs while the registry keeps serving'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "audit" -d 'The deletion audit log: who removed what, why and when'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "init" -d 'Create a new, empty store (only `serve` and `init` create one)'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "migrate" -d 'Upgrade a store to this registryctl\'s layout version'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l listen -d 'Address to listen on: IP:PORT, HOST:PORT (localhost:5000) or :PORT (every interface) [default: 127.0.0.1:5000]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l log-format -d 'Log format on stderr [default: text]' -r -f -a "text\t'Human-readable lines (coloured on a terminal unless `NO_COLOR` is set)'
json\t'One JSON object per line'"
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l metrics-listen -d 'Serve /metrics (and /healthz, /readyz) on this separate plain-HTTP address instead of the main one' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l tls-cert -d 'PEM certificate chain: serve HTTPS (needs --tls-key)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l tls-key -d 'PEM private key of --tls-cert' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l shutdown-timeout -d 'How long requests in flight may take to finish after SIGTERM, e.g. 30s, 2m [default: 30s]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l auth-mode -d 'Challenge sent to unauthenticated clients once users exist: bearer (token flow; docker, containerd, podman and skopeo all handle it) or basic [default: bearer]' -r -f -a "bearer\t'`Bearer realm=".../token",service=...,scope=...`: the docker token flow, which docker, containerd, podman and skopeo all follow'
basic\t'`Basic realm="registryctl"`: credentials on every request'"
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l token-realm -d 'URL of the token endpoint named in Bearer challenges [default: http(s)://HOST/token, HOST from the request]; set it when a proxy fronts the registry' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l max-requests -d 'Requests in flight at most; beyond, requests are answered at once with 429 TOOMANYREQUESTS and Retry-After (/healthz, /readyz and /metrics have a reserve of their own) [default: 1024]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l max-connections -d 'Open connections at most; beyond, new connections wait in the kernel\'s backlog until one closes [default: 4096]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l header-timeout -d 'How long a client may take to send a request\'s headers, and a new connection to send its first request; then it is closed [default: 10s]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l idle-timeout -d 'How long a request or response body may make no progress before the transfer fails, and a connection may stay idle between requests [default: 60s]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l h2-max-streams -d 'Concurrent streams per HTTP/2 connection [default: 100]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l max-uploads-per-repo -d 'Open upload sessions per repository at most; beyond, a new one is answered 429 TOOMANYREQUESTS [default: 1000]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l max-uploads-per-user -d 'Open upload sessions per user (anonymous callers: per client address) at most; beyond, a new one is answered 429 TOOMANYREQUESTS [default: 100]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l upload-expiry -d 'An upload session with no bytes written for this long is removed by the server [default: 1h]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l replica -d 'This server\'s name among the replicas of one store: the `replica` field of every log line and access-log entry, of its audit-log entries (NAME/host:pid), and of `registryctl_replica_info` on /metrics [default: HOSTNAME:PORT]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l read-only -d 'Serve pulls only: pushes and deletes get 405 UNSUPPORTED'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l redirect-blobs -d 'On object storage, answer blob GETs with 307 to a presigned URL of the bucket (valid 15 minutes) so the bytes bypass the server; clients must be able to reach the storage endpoint. Blobs up to 256 KiB are still served directly'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "show" -d 'Print the effective configuration (as TOML) with the source of each value'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "check" -d 'Validate a configuration file: syntax, known keys, value types'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration (as TOML) with the source of each value'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a configuration file: syntax, known keys, value types'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -f -a "add" -d 'Add a user (asks for the password twice on a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -f -a "passwd" -d 'Change a user\'s password (asks twice on a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -f -a "rm" -d 'Remove a user (and its group memberships; rules naming it stay)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -f -a "ls" -d 'List users with their groups'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -f -a "import-htpasswd" -d 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and not __fish_seen_subcommand_from add passwd rm ls import-htpasswd help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the password from the first line of standard input (for scripts)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l password-stdin -d 'Read the password from the first line of standard input (for scripts)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l json -d 'Print JSON instead of a table'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -l replace -d 'Replace users that exist already'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from import-htpasswd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a user (asks for the password twice on a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Change a user\'s password (asks twice on a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a user (and its group memberships; rules naming it stay)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List users with their groups'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "import-htpasswd" -d 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)'
complete -c registryctl -n "__fish_registryctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -f -a "add" -d 'Create a group (does nothing, successfully, if it exists)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -f -a "rm" -d 'Delete a group (rules naming it stay until revoked)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -f -a "ls" -d 'List groups and their members'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -f -a "add-member" -d 'Add existing users (or robots, as robot:NAME) to an existing group'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -f -a "rm-member" -d 'Remove users from a group'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and not __fish_seen_subcommand_from add rm ls add-member rm-member help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -l json -d 'Print JSON instead of a table'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from rm-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a group (does nothing, successfully, if it exists)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete a group (rules naming it stay until revoked)'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List groups and their members'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "add-member" -d 'Add existing users (or robots, as robot:NAME) to an existing group'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "rm-member" -d 'Remove users from a group'
complete -c registryctl -n "__fish_registryctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "grant" -d 'Allow SUBJECT the ACTIONS on repositories matching PATTERN'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "deny" -d 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "revoke" -d 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "ls" -d 'List rules, optionally only those naming a subject or concerning a repository'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "check" -d 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "log" -d 'Print the audit log of every user, group and rule change'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and not __fish_seen_subcommand_from grant deny revoke ls check log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from grant" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from deny" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -l deny -d 'Revoke from the deny rule instead of the grant'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l subject -d 'Only rules whose subject is exactly this' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l repo -d 'Only rules whose pattern can match this repository' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -l json -d 'Print JSON instead of a table'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -l json -d 'Print JSON: {"allowed": bool, "rule": rule or null}'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -l tail -d 'Only the last N lines' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "grant" -d 'Allow SUBJECT the ACTIONS on repositories matching PATTERN'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "deny" -d 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List rules, optionally only those naming a subject or concerning a repository'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "check" -d 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "log" -d 'Print the audit log of every user, group and rule change'
complete -c registryctl -n "__fish_registryctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -f -a "create" -d 'Make a robot with its grants and expiry, and print its secret (once)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -f -a "ls" -d 'List robots: grants, expiry, who made them, when they were last used'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -f -a "rm" -d 'Remove a robot: its secret and tokens stop working at once'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -f -a "rotate" -d 'Give a robot a new secret (printed once); the old one and its tokens are refused'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and not __fish_seen_subcommand_from create ls rm rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l grant -d 'What it may do: PATTERN:ACTIONS (repeat for more)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l expires -d 'How long it is valid: 30d, 12h, 90m, 2s, ... or `never`' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l description -d 'What it is for (shown by `robot ls`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -l json -d 'Print the secret and the robot as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -l json -d 'Print JSON instead of a table'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -l expires -d 'A new expiry from now (30d, 12h, ... or `never`); default: keep the current one' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -l json -d 'Print the new secret and the robot as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make a robot with its grants and expiry, and print its secret (once)'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List robots: grants, expiry, who made them, when they were last used'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a robot: its secret and tokens stop working at once'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Give a robot a new secret (printed once); the old one and its tokens are refused'
complete -c registryctl -n "__fish_registryctl_using_subcommand robot; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -f -a "rotate" -d 'Replace the signing key with a new random one; tokens of the old key are refused'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and not __fish_seen_subcommand_from rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the signing key with a new random one; tokens of the old key are refused'
complete -c registryctl -n "__fish_registryctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l fail-on -d 'The least severity that fails the scan (exit 1): error (the default: warnings such as unlinked bytes awaiting gc do not fail a cron job) or warning' -r -f -a "error\t'Only errors (damage clients can see) fail the scan'
warning\t'Warnings fail it too'"
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l upload-ttl -d 'Upload sessions and staging files idle this long are abandoned' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l threads -d 'Threads for walking and hashing (default: every core)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l verify -d 'Rehash every blob on all cores (reads everything)'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l fix -d 'Repair what is safe to repair'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -s n -l dry-run -d 'With --fix: print what would be repaired, change nothing'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l no-trunc -d 'Whole digests and image lists in the table'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -l json -d 'Print the report as JSON (schema in docs/scan.md)'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -f -a "ls" -d 'List blobs with their size, repositories, referencing manifests, reachability and age'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and not __fish_seen_subcommand_from ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l repo -d 'Only blobs linked by a repository matching this glob (`*` within a path component, `**` across components, `?` one character)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l older-than -d 'Only blobs last written or used at least this long ago (e.g. 7d, 12h)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l min-size -d 'Only blobs at least this big (e.g. 100M, 1.5GiB)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l sort -d 'Order: size (largest first), age (oldest first) or digest' -r -f -a "size\t'Largest first'
age\t'Oldest first'
digest\t'By digest'"
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l limit -d 'Show at most N blobs (the totals line still counts every match)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l unreferenced -d 'Only blobs no manifest names and no repository holds as a manifest (what plain `gc` reclaims)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l unreachable -l untagged -d 'Only blobs no tag reaches, untagged manifests and what only they use included (what `gc --delete-untagged` reclaims)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l bytes -d 'Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Whole digests and repository lists (tables shorten them to fit 80 columns)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l json -d 'Print a JSON array'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -l jsonl -d 'Print one JSON object per line'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List blobs with their size, repositories, referencing manifests, reachability and age'
complete -c registryctl -n "__fish_registryctl_using_subcommand blob; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -f -a "ls" -d 'List the quarantined files: digest, size, age'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -f -a "purge" -d 'Delete quarantined files (all, or those older than --older-than)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and not __fish_seen_subcommand_from ls purge help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Whole digests'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -l json -d 'Print a JSON array'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -l older-than -d 'Only files quarantined at least this long ago (e.g. 30d)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -s n -l dry-run -d 'Print what would be deleted, delete nothing'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the quarantined files: digest, size, age'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Delete quarantined files (all, or those older than --older-than)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quarantine; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -f -a "ls" -d 'List repositories with tag, manifest and blob counts and sizes'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -f -a "rm" -d 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and not __fish_seen_subcommand_from ls rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -l bytes -d 'Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -l json -d 'Print a JSON array'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List repositories with tag, manifest and blob counts and sizes'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)'
complete -c registryctl -n "__fish_registryctl_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -f -a "ls" -d 'List a repository\'s tags with the manifest each points at'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -f -a "rm" -d 'Remove tags (untag only: the manifests stay for gc to judge)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -f -a "add" -d 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and not __fish_seen_subcommand_from ls rm add help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Whole digests'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -l json -d 'Print a JSON array'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List a repository\'s tags with the manifest each points at'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove tags (untag only: the manifests stay for gc to judge)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from help" -f -a "add" -d 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)'
complete -c registryctl -n "__fish_registryctl_using_subcommand tag; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -f -a "ls" -d 'List a repository\'s manifests with their type, size, age and tags'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -f -a "get" -d 'Print a manifest or index as pretty JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -f -a "rm" -d 'Remove a manifest from a repository, with every tag pointing at it'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and not __fish_seen_subcommand_from ls get rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l untagged -d 'Only manifests no tag points at'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Whole digests and tag lists'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -l json -d 'Print a JSON array'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -l raw -d 'The stored bytes as they are, not re-indented'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List a repository\'s manifests with their type, size, age and tags'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print a manifest or index as pretty JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a manifest from a repository, with every tag pointing at it'
complete -c registryctl -n "__fish_registryctl_using_subcommand manifest; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -f -a "export" -d 'Write an image (an index with all its platforms) to an OCI image layout'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -f -a "import" -d 'Read an image from an OCI image layout (a directory or a tar archive) into a repository'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -f -a "copy" -d 'Copy an image to another repository of this store (links, no bytes copied)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and not __fish_seen_subcommand_from export import copy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l tar -d 'Write a tar archive of the layout instead of a directory' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l referrers -d 'Include the manifests that refer to the image (signatures, SBOMs…)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -l name -d 'Which image of the layout (its `org.opencontainers.image.ref.name`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -l referrers -d 'Include the manifests that refer to the image (signatures, SBOMs…)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write an image (an index with all its platforms) to an OCI image layout'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "import" -d 'Read an image from an OCI image layout (a directory or a tar archive) into a repository'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy an image to another repository of this store (links, no bytes copied)'
complete -c registryctl -n "__fish_registryctl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -f -a "distribution" -d 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -f -a "store" -d 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and not __fish_seen_subcommand_from distribution store help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from distribution" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -l json -d 'Print the report as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from store" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "distribution" -d 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "store" -d 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one'
complete -c registryctl -n "__fish_registryctl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -f -a "add" -d 'Add a rule'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -f -a "rm" -d 'Remove a rule by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -f -a "ls" -d 'List the rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -f -a "explain" -d 'Say whether `prune` would keep a tag, and which rule decides'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and not __fish_seen_subcommand_from add rm ls explain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l tags -d 'Only tags matching this glob (e.g. `pr-*`); all tags when unset' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l keep-last -d 'Keep the N most recently pushed tags the rule applies to, per repository' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l keep-pushed-within -d 'Keep tags pushed within this long (e.g. 14d, 12h)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l keep-pulled-within -d 'Keep tags whose manifest was pulled (`GET`) within this long (e.g. 30d)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l keep-matching -d 'Always keep tags matching this glob (repeatable: `v*`, `latest`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l id -d 'The rule\'s name [default: r1, r2, …]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -l json -d 'Print the rules as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -l json -d 'Print the decision as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a rule'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a rule by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Say whether `prune` would keep a tag, and which rule decides'
complete -c registryctl -n "__fish_registryctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -f -a "add" -d 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -f -a "rm" -d 'Remove a rule by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -f -a "ls" -d 'List the rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and not __fish_seen_subcommand_from add rm ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -l id -d 'The rule\'s name [default: i1, i2, …]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -l json -d 'Print the rules as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from help" -f -a "add" -d 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a rule by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand immutable; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l grace-period -d 'Nothing stamped (written, pushed, mounted or re-used) more recently than this is removed' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l upload-ttl -d 'Upload sessions and staging files untouched for this long are removed' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l threads -d 'Worker threads for the walks (default: twice the cores, at most 16)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -s n -l dry-run -d 'Print the plan, remove nothing'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l json -d 'Print the plan (or what was removed) as JSON; with --gc, gc\'s report is its `gc` field'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l gc -d 'Then run gc (as `registryctl gc` with the flags below; with --dry-run, plan it)'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l delete-untagged -d 'Only tags are roots: manifests that no tag reaches (directly, as an index child or as a referrer of one) are removed with what only they use'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -l no-memo -d 'Object storage: read every record instead of trusting what earlier runs read from records that stay (gc\'s memo, docs/gc.md), and do not write the memo'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -f -a "add" -d 'Add a quota on a pattern of repositories'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -f -a "rm" -d 'Remove a quota by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -f -a "ls" -d 'List the quotas with what their scopes use now'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and not __fish_seen_subcommand_from add rm ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -l limit -d 'The limit: a number of bytes with an optional unit (10GiB, 500M, 1.5G)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -l id -d 'The quota\'s name [default: q1, q2, …]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -l json -d 'Print the quotas as JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -l bytes -d 'Sizes in bytes instead of KiB/MiB/GiB'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a quota on a pattern of repositories'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a quota by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the quotas with what their scopes use now'
complete -c registryctl -n "__fish_registryctl_using_subcommand quota; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l by -d 'Group repositories by organisation (first path component) or not at all' -r -f -a "repo\t'Each repository is a scope'
org\t'Repositories with the same first path component are one scope'"
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l scope -d 'One scope: the repositories this ACL pattern matches (repeatable)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l json -d 'Print a JSON array'
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -l bytes -d 'Sizes in bytes instead of KiB/MiB/GiB'
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand usage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l grace-period -d 'Nothing stamped (written, pushed, mounted or re-used) more recently than this is removed' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l upload-ttl -d 'Upload sessions and staging files untouched for this long are removed' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l threads -d 'Worker threads for the walks (default: twice the cores, at most 16)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -s n -l dry-run -d 'Decide everything and report it, remove nothing'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l delete-untagged -d 'Only tags are roots: manifests that no tag reaches (directly, as an index child or as a referrer of one) are removed with what only they use'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l no-memo -d 'Object storage: read every record instead of trusting what earlier runs read from records that stay (gc\'s memo, docs/gc.md), and do not write the memo'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -l json -d 'Print one JSON report on stdout, with every item removed (or, with --dry-run, to be removed) and held back, and why nothing more was removable'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand gc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -f -a "log" -d 'Print the deletion audit log: who removed what, why and when'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and not __fish_seen_subcommand_from log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l since -d 'Only entries at or after WHEN (a duration back from now, or an RFC 3339 time)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l until -d 'Only entries before WHEN (a duration back from now, or an RFC 3339 time)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l repo -d 'Only entries about repositories matching this glob' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l kind -d 'Only entries of these kinds (comma-separated or repeated)' -r -f -a "manifest\t'A manifest (its link in a repository)'
tag\t'A tag'
blob\t'Blob bytes in the content store'
layer-link\t'A repository\'s link to a blob (API `DELETE …/blobs/<digest>`, gc, scan)'
referrer\t'A referrer record'
upload\t'An upload session'
tmp\t'A staging file under `tmp/`'
repository\t'A whole repository (`repo rm`)'
quarantined\t'Quarantined bytes (`scan --fix` moves corrupt bytes there, `quarantine purge` deletes them)'"
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -l json -d 'One JSON object per line, with every field'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "log" -d 'Print the deletion audit log: who removed what, why and when'
complete -c registryctl -n "__fish_registryctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -l store-group -d 'Share the store with this group (directories 2770, files 0660) instead of keeping it private to its owner (0700/0600)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -l root -d 'Store root directory (also `root` in the configuration file)' -r -f -a "(__fish_complete_directories)"
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -l storage -d 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -l color -d 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'On a terminal, unless `NO_COLOR` is set'
always\t'Always (even in a pipe, and despite `NO_COLOR`)'
never\t'Never'"
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -s q -l quiet -d 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "serve" -d 'Run the registry (HTTP API of the OCI Distribution Spec)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "config" -d 'Show the effective configuration, or check a configuration file'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "completions" -d 'Print a shell completion script'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "user" -d 'Manage users (name and password) who may sign in to the registry'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "group" -d 'Manage groups of users, usable as `group:NAME` in access rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "acl" -d 'Manage and test access rules: grant, deny, revoke, list, check, audit log'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "robot" -d 'Manage robot accounts: scoped, expiring, revocable credentials for machines'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "token" -d 'Manage the key bearer tokens are signed with'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "scan" -d 'Check the store\'s integrity (and repair what is safe with --fix)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "blob" -d 'Blob inventory: what is using the disk'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "quarantine" -d 'List and purge the corrupt bytes `scan --fix` moved to quarantine/'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "repo" -d 'List and remove repositories'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "tag" -d 'List, add and remove tags'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "manifest" -d 'List, print and remove manifests'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "image" -d 'Export and import OCI image layouts; copy images between repositories'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "import" -d 'Import another registry\'s store (distribution)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "retention" -d 'Manage retention rules: which tags `prune` removes'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "immutable" -d 'Manage immutable tags: tags no push may move and no delete may remove'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "prune" -d 'Remove the tags no retention rule keeps (then `gc` reclaims their bytes)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "quota" -d 'Manage storage quotas: the bytes a pattern of repositories may reference'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "usage" -d 'Bytes per repository, organisation or pattern: total, only there, shared'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "gc" -d 'Remove unreferenced manifests, links and blobs while the registry keeps serving'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "audit" -d 'The deletion audit log: who removed what, why and when'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "init" -d 'Create a new, empty store (only `serve` and `init` create one)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "migrate" -d 'Upgrade a store to this registryctl\'s layout version'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions user group acl robot token scan blob quarantine repo tag manifest image import retention immutable prune quota usage gc audit init migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration (as TOML) with the source of each value'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate a configuration file: syntax, known keys, value types'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Add a user (asks for the password twice on a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "passwd" -d 'Change a user\'s password (asks twice on a terminal)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "rm" -d 'Remove a user (and its group memberships; rules naming it stay)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "ls" -d 'List users with their groups'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "import-htpasswd" -d 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "add" -d 'Create a group (does nothing, successfully, if it exists)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "rm" -d 'Delete a group (rules naming it stay until revoked)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "ls" -d 'List groups and their members'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "add-member" -d 'Add existing users (or robots, as robot:NAME) to an existing group'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "rm-member" -d 'Remove users from a group'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "grant" -d 'Allow SUBJECT the ACTIONS on repositories matching PATTERN'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "deny" -d 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "revoke" -d 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "ls" -d 'List rules, optionally only those naming a subject or concerning a repository'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "check" -d 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "log" -d 'Print the audit log of every user, group and rule change'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from robot" -f -a "create" -d 'Make a robot with its grants and expiry, and print its secret (once)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from robot" -f -a "ls" -d 'List robots: grants, expiry, who made them, when they were last used'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from robot" -f -a "rm" -d 'Remove a robot: its secret and tokens stop working at once'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from robot" -f -a "rotate" -d 'Give a robot a new secret (printed once); the old one and its tokens are refused'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "rotate" -d 'Replace the signing key with a new random one; tokens of the old key are refused'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from blob" -f -a "ls" -d 'List blobs with their size, repositories, referencing manifests, reachability and age'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from quarantine" -f -a "ls" -d 'List the quarantined files: digest, size, age'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from quarantine" -f -a "purge" -d 'Delete quarantined files (all, or those older than --older-than)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "ls" -d 'List repositories with tag, manifest and blob counts and sizes'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "rm" -d 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from tag" -f -a "ls" -d 'List a repository\'s tags with the manifest each points at'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from tag" -f -a "rm" -d 'Remove tags (untag only: the manifests stay for gc to judge)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from tag" -f -a "add" -d 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from manifest" -f -a "ls" -d 'List a repository\'s manifests with their type, size, age and tags'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from manifest" -f -a "get" -d 'Print a manifest or index as pretty JSON'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from manifest" -f -a "rm" -d 'Remove a manifest from a repository, with every tag pointing at it'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "export" -d 'Write an image (an index with all its platforms) to an OCI image layout'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "import" -d 'Read an image from an OCI image layout (a directory or a tar archive) into a repository'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "copy" -d 'Copy an image to another repository of this store (links, no bytes copied)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "distribution" -d 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "store" -d 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from retention" -f -a "add" -d 'Add a rule'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from retention" -f -a "rm" -d 'Remove a rule by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from retention" -f -a "ls" -d 'List the rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from retention" -f -a "explain" -d 'Say whether `prune` would keep a tag, and which rule decides'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from immutable" -f -a "add" -d 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from immutable" -f -a "rm" -d 'Remove a rule by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from immutable" -f -a "ls" -d 'List the rules'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from quota" -f -a "add" -d 'Add a quota on a pattern of repositories'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from quota" -f -a "rm" -d 'Remove a quota by its id'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from quota" -f -a "ls" -d 'List the quotas with what their scopes use now'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "log" -d 'Print the deletion audit log: who removed what, why and when'
