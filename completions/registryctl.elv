
use builtin;
use str;

set edit:completion:arg-completer[registryctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'registryctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'registryctl'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the registry (HTTP API of the OCI Distribution Spec)'
            cand config 'Show the effective configuration, or check a configuration file'
            cand completions 'Print a shell completion script'
            cand user 'Manage users (name and password) who may sign in to the registry'
            cand group 'Manage groups of users, usable as `group:NAME` in access rules'
            cand acl 'Manage and test access rules: grant, deny, revoke, list, check, audit log'
            cand robot 'Manage robot accounts: scoped, expiring, revocable credentials for machines'
            cand token 'Manage the key bearer tokens are signed with'
            cand scan 'Check the store''s integrity (and repair what is safe with --fix)'
            cand blob 'Blob inventory: what is using the disk'
            cand quarantine 'List and purge the corrupt bytes `scan --fix` moved to quarantine/'
            cand repo 'List and remove repositories'
            cand tag 'List, add and remove tags'
            cand manifest 'List, print and remove manifests'
            cand image 'Export and import OCI image layouts; copy images between repositories'
            cand import 'Import another registry''s store (distribution)'
            cand retention 'Manage retention rules: which tags `prune` removes'
            cand immutable 'Manage immutable tags: tags no push may move and no delete may remove'
            cand prune 'Remove the tags no retention rule keeps (then `gc` reclaims their bytes)'
            cand quota 'Manage storage quotas: the bytes a pattern of repositories may reference'
            cand usage 'Bytes per repository, organisation or pattern: total, only there, shared'
            cand gc 'Remove unreferenced manifests, links and blobs while the registry keeps serving'
            cand audit 'The deletion audit log: who removed what, why and when'
            cand init 'Create a new, empty store (only `serve` and `init` create one)'
            cand migrate 'Upgrade a store to this registryctl''s layout version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;serve'= {
            cand --listen 'Address to listen on: IP:PORT, HOST:PORT (localhost:5000) or :PORT (every interface) [default: 127.0.0.1:5000]'
            cand --log-format 'Log format on stderr [default: text]'
            cand --metrics-listen 'Serve /metrics (and /healthz, /readyz) on this separate plain-HTTP address instead of the main one'
            cand --tls-cert 'PEM certificate chain: serve HTTPS (needs --tls-key)'
            cand --tls-key 'PEM private key of --tls-cert'
            cand --shutdown-timeout 'How long requests in flight may take to finish after SIGTERM, e.g. 30s, 2m [default: 30s]'
            cand --auth-mode 'Challenge sent to unauthenticated clients once users exist: bearer (token flow; docker, containerd, podman and skopeo all handle it) or basic [default: bearer]'
            cand --token-realm 'URL of the token endpoint named in Bearer challenges [default: http(s)://HOST/token, HOST from the request]; set it when a proxy fronts the registry'
            cand --max-requests 'Requests in flight at most; beyond, requests are answered at once with 429 TOOMANYREQUESTS and Retry-After (/healthz, /readyz and /metrics have a reserve of their own) [default: 1024]'
            cand --max-connections 'Open connections at most; beyond, new connections wait in the kernel''s backlog until one closes [default: 4096]'
            cand --header-timeout 'How long a client may take to send a request''s headers, and a new connection to send its first request; then it is closed [default: 10s]'
            cand --idle-timeout 'How long a request or response body may make no progress before the transfer fails, and a connection may stay idle between requests [default: 60s]'
            cand --h2-max-streams 'Concurrent streams per HTTP/2 connection [default: 100]'
            cand --max-uploads-per-repo 'Open upload sessions per repository at most; beyond, a new one is answered 429 TOOMANYREQUESTS [default: 1000]'
            cand --max-uploads-per-user 'Open upload sessions per user (anonymous callers: per client address) at most; beyond, a new one is answered 429 TOOMANYREQUESTS [default: 100]'
            cand --upload-expiry 'An upload session with no bytes written for this long is removed by the server [default: 1h]'
            cand --replica 'This server''s name among the replicas of one store: the `replica` field of every log line and access-log entry, of its audit-log entries (NAME/host:pid), and of `registryctl_replica_info` on /metrics [default: HOSTNAME:PORT]'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --read-only 'Serve pulls only: pushes and deletes get 405 UNSUPPORTED'
            cand --redirect-blobs 'On object storage, answer blob GETs with 307 to a presigned URL of the bucket (valid 15 minutes) so the bytes bypass the server; clients must be able to reach the storage endpoint. Blobs up to 256 KiB are still served directly'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;config'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Print the effective configuration (as TOML) with the source of each value'
            cand check 'Validate a configuration file: syntax, known keys, value types'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;config;show'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;config;check'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;config;help'= {
            cand show 'Print the effective configuration (as TOML) with the source of each value'
            cand check 'Validate a configuration file: syntax, known keys, value types'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;config;help;show'= {
        }
        &'registryctl;config;help;check'= {
        }
        &'registryctl;config;help;help'= {
        }
        &'registryctl;completions'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;user'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a user (asks for the password twice on a terminal)'
            cand passwd 'Change a user''s password (asks twice on a terminal)'
            cand rm 'Remove a user (and its group memberships; rules naming it stay)'
            cand ls 'List users with their groups'
            cand import-htpasswd 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;user;add'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --password-stdin 'Read the password from the first line of standard input (for scripts)'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;user;passwd'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --password-stdin 'Read the password from the first line of standard input (for scripts)'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;user;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;user;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;user;import-htpasswd'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --replace 'Replace users that exist already'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;user;help'= {
            cand add 'Add a user (asks for the password twice on a terminal)'
            cand passwd 'Change a user''s password (asks twice on a terminal)'
            cand rm 'Remove a user (and its group memberships; rules naming it stay)'
            cand ls 'List users with their groups'
            cand import-htpasswd 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;user;help;add'= {
        }
        &'registryctl;user;help;passwd'= {
        }
        &'registryctl;user;help;rm'= {
        }
        &'registryctl;user;help;ls'= {
        }
        &'registryctl;user;help;import-htpasswd'= {
        }
        &'registryctl;user;help;help'= {
        }
        &'registryctl;group'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Create a group (does nothing, successfully, if it exists)'
            cand rm 'Delete a group (rules naming it stay until revoked)'
            cand ls 'List groups and their members'
            cand add-member 'Add existing users (or robots, as robot:NAME) to an existing group'
            cand rm-member 'Remove users from a group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;group;add'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;group;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;group;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;group;add-member'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;group;rm-member'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;group;help'= {
            cand add 'Create a group (does nothing, successfully, if it exists)'
            cand rm 'Delete a group (rules naming it stay until revoked)'
            cand ls 'List groups and their members'
            cand add-member 'Add existing users (or robots, as robot:NAME) to an existing group'
            cand rm-member 'Remove users from a group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;group;help;add'= {
        }
        &'registryctl;group;help;rm'= {
        }
        &'registryctl;group;help;ls'= {
        }
        &'registryctl;group;help;add-member'= {
        }
        &'registryctl;group;help;rm-member'= {
        }
        &'registryctl;group;help;help'= {
        }
        &'registryctl;acl'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand grant 'Allow SUBJECT the ACTIONS on repositories matching PATTERN'
            cand deny 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say'
            cand revoke 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN'
            cand ls 'List rules, optionally only those naming a subject or concerning a repository'
            cand check 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why'
            cand log 'Print the audit log of every user, group and rule change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;acl;grant'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;acl;deny'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;acl;revoke'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --deny 'Revoke from the deny rule instead of the grant'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;acl;ls'= {
            cand --subject 'Only rules whose subject is exactly this'
            cand --repo 'Only rules whose pattern can match this repository'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;acl;check'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print JSON: {"allowed": bool, "rule": rule or null}'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;acl;log'= {
            cand --tail 'Only the last N lines'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;acl;help'= {
            cand grant 'Allow SUBJECT the ACTIONS on repositories matching PATTERN'
            cand deny 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say'
            cand revoke 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN'
            cand ls 'List rules, optionally only those naming a subject or concerning a repository'
            cand check 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why'
            cand log 'Print the audit log of every user, group and rule change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;acl;help;grant'= {
        }
        &'registryctl;acl;help;deny'= {
        }
        &'registryctl;acl;help;revoke'= {
        }
        &'registryctl;acl;help;ls'= {
        }
        &'registryctl;acl;help;check'= {
        }
        &'registryctl;acl;help;log'= {
        }
        &'registryctl;acl;help;help'= {
        }
        &'registryctl;robot'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Make a robot with its grants and expiry, and print its secret (once)'
            cand ls 'List robots: grants, expiry, who made them, when they were last used'
            cand rm 'Remove a robot: its secret and tokens stop working at once'
            cand rotate 'Give a robot a new secret (printed once); the old one and its tokens are refused'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;robot;create'= {
            cand --grant 'What it may do: PATTERN:ACTIONS (repeat for more)'
            cand --expires 'How long it is valid: 30d, 12h, 90m, 2s, ... or `never`'
            cand --description 'What it is for (shown by `robot ls`)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the secret and the robot as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;robot;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;robot;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;robot;rotate'= {
            cand --expires 'A new expiry from now (30d, 12h, ... or `never`); default: keep the current one'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the new secret and the robot as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;robot;help'= {
            cand create 'Make a robot with its grants and expiry, and print its secret (once)'
            cand ls 'List robots: grants, expiry, who made them, when they were last used'
            cand rm 'Remove a robot: its secret and tokens stop working at once'
            cand rotate 'Give a robot a new secret (printed once); the old one and its tokens are refused'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;robot;help;create'= {
        }
        &'registryctl;robot;help;ls'= {
        }
        &'registryctl;robot;help;rm'= {
        }
        &'registryctl;robot;help;rotate'= {
        }
        &'registryctl;robot;help;help'= {
        }
        &'registryctl;token'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand rotate 'Replace the signing key with a new random one; tokens of the old key are refused'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;token;rotate'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;token;help'= {
            cand rotate 'Replace the signing key with a new random one; tokens of the old key are refused'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;token;help;rotate'= {
        }
        &'registryctl;token;help;help'= {
        }
        &'registryctl;scan'= {
            cand --fail-on 'The least severity that fails the scan (exit 1): error (the default: warnings such as unlinked bytes awaiting gc do not fail a cron job) or warning'
            cand --upload-ttl 'Upload sessions and staging files idle this long are abandoned'
            cand --threads 'Threads for walking and hashing (default: every core)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --verify 'Rehash every blob on all cores (reads everything)'
            cand --fix 'Repair what is safe to repair'
            cand -n 'With --fix: print what would be repaired, change nothing'
            cand --dry-run 'With --fix: print what would be repaired, change nothing'
            cand --no-trunc 'Whole digests and image lists in the table'
            cand --json 'Print the report as JSON (schema in docs/scan.md)'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;blob'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand ls 'List blobs with their size, repositories, referencing manifests, reachability and age'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;blob;ls'= {
            cand --repo 'Only blobs linked by a repository matching this glob (`*` within a path component, `**` across components, `?` one character)'
            cand --older-than 'Only blobs last written or used at least this long ago (e.g. 7d, 12h)'
            cand --min-size 'Only blobs at least this big (e.g. 100M, 1.5GiB)'
            cand --sort 'Order: size (largest first), age (oldest first) or digest'
            cand --limit 'Show at most N blobs (the totals line still counts every match)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --unreferenced 'Only blobs no manifest names and no repository holds as a manifest (what plain `gc` reclaims)'
            cand --unreachable 'Only blobs no tag reaches, untagged manifests and what only they use included (what `gc --delete-untagged` reclaims)'
            cand --untagged 'Only blobs no tag reaches, untagged manifests and what only they use included (what `gc --delete-untagged` reclaims)'
            cand --bytes 'Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere)'
            cand --no-trunc 'Whole digests and repository lists (tables shorten them to fit 80 columns)'
            cand --json 'Print a JSON array'
            cand --jsonl 'Print one JSON object per line'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;blob;help'= {
            cand ls 'List blobs with their size, repositories, referencing manifests, reachability and age'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;blob;help;ls'= {
        }
        &'registryctl;blob;help;help'= {
        }
        &'registryctl;quarantine'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand ls 'List the quarantined files: digest, size, age'
            cand purge 'Delete quarantined files (all, or those older than --older-than)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;quarantine;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --no-trunc 'Whole digests'
            cand --json 'Print a JSON array'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;quarantine;purge'= {
            cand --older-than 'Only files quarantined at least this long ago (e.g. 30d)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -n 'Print what would be deleted, delete nothing'
            cand --dry-run 'Print what would be deleted, delete nothing'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;quarantine;help'= {
            cand ls 'List the quarantined files: digest, size, age'
            cand purge 'Delete quarantined files (all, or those older than --older-than)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;quarantine;help;ls'= {
        }
        &'registryctl;quarantine;help;purge'= {
        }
        &'registryctl;quarantine;help;help'= {
        }
        &'registryctl;repo'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand ls 'List repositories with tag, manifest and blob counts and sizes'
            cand rm 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;repo;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --bytes 'Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere)'
            cand --json 'Print a JSON array'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;repo;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;repo;help'= {
            cand ls 'List repositories with tag, manifest and blob counts and sizes'
            cand rm 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;repo;help;ls'= {
        }
        &'registryctl;repo;help;rm'= {
        }
        &'registryctl;repo;help;help'= {
        }
        &'registryctl;tag'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand ls 'List a repository''s tags with the manifest each points at'
            cand rm 'Remove tags (untag only: the manifests stay for gc to judge)'
            cand add 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;tag;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --no-trunc 'Whole digests'
            cand --json 'Print a JSON array'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;tag;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;tag;add'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;tag;help'= {
            cand ls 'List a repository''s tags with the manifest each points at'
            cand rm 'Remove tags (untag only: the manifests stay for gc to judge)'
            cand add 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;tag;help;ls'= {
        }
        &'registryctl;tag;help;rm'= {
        }
        &'registryctl;tag;help;add'= {
        }
        &'registryctl;tag;help;help'= {
        }
        &'registryctl;manifest'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand ls 'List a repository''s manifests with their type, size, age and tags'
            cand get 'Print a manifest or index as pretty JSON'
            cand rm 'Remove a manifest from a repository, with every tag pointing at it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;manifest;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --untagged 'Only manifests no tag points at'
            cand --no-trunc 'Whole digests and tag lists'
            cand --json 'Print a JSON array'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;manifest;get'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --raw 'The stored bytes as they are, not re-indented'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;manifest;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;manifest;help'= {
            cand ls 'List a repository''s manifests with their type, size, age and tags'
            cand get 'Print a manifest or index as pretty JSON'
            cand rm 'Remove a manifest from a repository, with every tag pointing at it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;manifest;help;ls'= {
        }
        &'registryctl;manifest;help;get'= {
        }
        &'registryctl;manifest;help;rm'= {
        }
        &'registryctl;manifest;help;help'= {
        }
        &'registryctl;image'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand export 'Write an image (an index with all its platforms) to an OCI image layout'
            cand import 'Read an image from an OCI image layout (a directory or a tar archive) into a repository'
            cand copy 'Copy an image to another repository of this store (links, no bytes copied)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;image;export'= {
            cand --tar 'Write a tar archive of the layout instead of a directory'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --referrers 'Include the manifests that refer to the image (signatures, SBOMs…)'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;image;import'= {
            cand --name 'Which image of the layout (its `org.opencontainers.image.ref.name`)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;image;copy'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --referrers 'Include the manifests that refer to the image (signatures, SBOMs…)'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;image;help'= {
            cand export 'Write an image (an index with all its platforms) to an OCI image layout'
            cand import 'Read an image from an OCI image layout (a directory or a tar archive) into a repository'
            cand copy 'Copy an image to another repository of this store (links, no bytes copied)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;image;help;export'= {
        }
        &'registryctl;image;help;import'= {
        }
        &'registryctl;image;help;copy'= {
        }
        &'registryctl;image;help;help'= {
        }
        &'registryctl;import'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand distribution 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)'
            cand store 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;import;distribution'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;import;store'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;import;help'= {
            cand distribution 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)'
            cand store 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;import;help;distribution'= {
        }
        &'registryctl;import;help;store'= {
        }
        &'registryctl;import;help;help'= {
        }
        &'registryctl;retention'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a rule'
            cand rm 'Remove a rule by its id'
            cand ls 'List the rules'
            cand explain 'Say whether `prune` would keep a tag, and which rule decides'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;retention;add'= {
            cand --tags 'Only tags matching this glob (e.g. `pr-*`); all tags when unset'
            cand --keep-last 'Keep the N most recently pushed tags the rule applies to, per repository'
            cand --keep-pushed-within 'Keep tags pushed within this long (e.g. 14d, 12h)'
            cand --keep-pulled-within 'Keep tags whose manifest was pulled (`GET`) within this long (e.g. 30d)'
            cand --keep-matching 'Always keep tags matching this glob (repeatable: `v*`, `latest`)'
            cand --id 'The rule''s name [default: r1, r2, …]'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;retention;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;retention;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the rules as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;retention;explain'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the decision as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;retention;help'= {
            cand add 'Add a rule'
            cand rm 'Remove a rule by its id'
            cand ls 'List the rules'
            cand explain 'Say whether `prune` would keep a tag, and which rule decides'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;retention;help;add'= {
        }
        &'registryctl;retention;help;rm'= {
        }
        &'registryctl;retention;help;ls'= {
        }
        &'registryctl;retention;help;explain'= {
        }
        &'registryctl;retention;help;help'= {
        }
        &'registryctl;immutable'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`'
            cand rm 'Remove a rule by its id'
            cand ls 'List the rules'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;immutable;add'= {
            cand --id 'The rule''s name [default: i1, i2, …]'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;immutable;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;immutable;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the rules as JSON'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;immutable;help'= {
            cand add 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`'
            cand rm 'Remove a rule by its id'
            cand ls 'List the rules'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;immutable;help;add'= {
        }
        &'registryctl;immutable;help;rm'= {
        }
        &'registryctl;immutable;help;ls'= {
        }
        &'registryctl;immutable;help;help'= {
        }
        &'registryctl;prune'= {
            cand --grace-period 'Nothing stamped (written, pushed, mounted or re-used) more recently than this is removed'
            cand --upload-ttl 'Upload sessions and staging files untouched for this long are removed'
            cand --threads 'Worker threads for the walks (default: twice the cores, at most 16)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -n 'Print the plan, remove nothing'
            cand --dry-run 'Print the plan, remove nothing'
            cand --json 'Print the plan (or what was removed) as JSON; with --gc, gc''s report is its `gc` field'
            cand --gc 'Then run gc (as `registryctl gc` with the flags below; with --dry-run, plan it)'
            cand --delete-untagged 'Only tags are roots: manifests that no tag reaches (directly, as an index child or as a referrer of one) are removed with what only they use'
            cand --no-memo 'Object storage: read every record instead of trusting what earlier runs read from records that stay (gc''s memo, docs/gc.md), and do not write the memo'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;quota'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a quota on a pattern of repositories'
            cand rm 'Remove a quota by its id'
            cand ls 'List the quotas with what their scopes use now'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;quota;add'= {
            cand --limit 'The limit: a number of bytes with an optional unit (10GiB, 500M, 1.5G)'
            cand --id 'The quota''s name [default: q1, q2, …]'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;quota;rm'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;quota;ls'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print the quotas as JSON'
            cand --bytes 'Sizes in bytes instead of KiB/MiB/GiB'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;quota;help'= {
            cand add 'Add a quota on a pattern of repositories'
            cand rm 'Remove a quota by its id'
            cand ls 'List the quotas with what their scopes use now'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;quota;help;add'= {
        }
        &'registryctl;quota;help;rm'= {
        }
        &'registryctl;quota;help;ls'= {
        }
        &'registryctl;quota;help;help'= {
        }
        &'registryctl;usage'= {
            cand --by 'Group repositories by organisation (first path component) or not at all'
            cand --scope 'One scope: the repositories this ACL pattern matches (repeatable)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'Print a JSON array'
            cand --bytes 'Sizes in bytes instead of KiB/MiB/GiB'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;gc'= {
            cand --grace-period 'Nothing stamped (written, pushed, mounted or re-used) more recently than this is removed'
            cand --upload-ttl 'Upload sessions and staging files untouched for this long are removed'
            cand --threads 'Worker threads for the walks (default: twice the cores, at most 16)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -n 'Decide everything and report it, remove nothing'
            cand --dry-run 'Decide everything and report it, remove nothing'
            cand --delete-untagged 'Only tags are roots: manifests that no tag reaches (directly, as an index child or as a referrer of one) are removed with what only they use'
            cand --no-memo 'Object storage: read every record instead of trusting what earlier runs read from records that stay (gc''s memo, docs/gc.md), and do not write the memo'
            cand --json 'Print one JSON report on stdout, with every item removed (or, with --dry-run, to be removed) and held back, and why nothing more was removable'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;audit'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand log 'Print the deletion audit log: who removed what, why and when'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;audit;log'= {
            cand --since 'Only entries at or after WHEN (a duration back from now, or an RFC 3339 time)'
            cand --until 'Only entries before WHEN (a duration back from now, or an RFC 3339 time)'
            cand --repo 'Only entries about repositories matching this glob'
            cand --kind 'Only entries of these kinds (comma-separated or repeated)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --json 'One JSON object per line, with every field'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;audit;help'= {
            cand log 'Print the deletion audit log: who removed what, why and when'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;audit;help;log'= {
        }
        &'registryctl;audit;help;help'= {
        }
        &'registryctl;init'= {
            cand --store-group 'Share the store with this group (directories 2770, files 0660) instead of keeping it private to its owner (0700/0600)'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;migrate'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --storage 'Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a local filesystem (also `url` in `[storage]`)'
            cand --color 'When to colour output and progress bars: auto (on a terminal, unless NO_COLOR is set), always or never'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand --quiet 'Print only errors: nothing on stdout but data asked for (--json, a completion script, manifest get), no notes or progress on stderr'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;help'= {
            cand serve 'Run the registry (HTTP API of the OCI Distribution Spec)'
            cand config 'Show the effective configuration, or check a configuration file'
            cand completions 'Print a shell completion script'
            cand user 'Manage users (name and password) who may sign in to the registry'
            cand group 'Manage groups of users, usable as `group:NAME` in access rules'
            cand acl 'Manage and test access rules: grant, deny, revoke, list, check, audit log'
            cand robot 'Manage robot accounts: scoped, expiring, revocable credentials for machines'
            cand token 'Manage the key bearer tokens are signed with'
            cand scan 'Check the store''s integrity (and repair what is safe with --fix)'
            cand blob 'Blob inventory: what is using the disk'
            cand quarantine 'List and purge the corrupt bytes `scan --fix` moved to quarantine/'
            cand repo 'List and remove repositories'
            cand tag 'List, add and remove tags'
            cand manifest 'List, print and remove manifests'
            cand image 'Export and import OCI image layouts; copy images between repositories'
            cand import 'Import another registry''s store (distribution)'
            cand retention 'Manage retention rules: which tags `prune` removes'
            cand immutable 'Manage immutable tags: tags no push may move and no delete may remove'
            cand prune 'Remove the tags no retention rule keeps (then `gc` reclaims their bytes)'
            cand quota 'Manage storage quotas: the bytes a pattern of repositories may reference'
            cand usage 'Bytes per repository, organisation or pattern: total, only there, shared'
            cand gc 'Remove unreferenced manifests, links and blobs while the registry keeps serving'
            cand audit 'The deletion audit log: who removed what, why and when'
            cand init 'Create a new, empty store (only `serve` and `init` create one)'
            cand migrate 'Upgrade a store to this registryctl''s layout version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;help;serve'= {
        }
        &'registryctl;help;config'= {
            cand show 'Print the effective configuration (as TOML) with the source of each value'
            cand check 'Validate a configuration file: syntax, known keys, value types'
        }
        &'registryctl;help;config;show'= {
        }
        &'registryctl;help;config;check'= {
        }
        &'registryctl;help;completions'= {
        }
        &'registryctl;help;user'= {
            cand add 'Add a user (asks for the password twice on a terminal)'
            cand passwd 'Change a user''s password (asks twice on a terminal)'
            cand rm 'Remove a user (and its group memberships; rules naming it stay)'
            cand ls 'List users with their groups'
            cand import-htpasswd 'Import users from an htpasswd file (bcrypt hashes, as distribution uses)'
        }
        &'registryctl;help;user;add'= {
        }
        &'registryctl;help;user;passwd'= {
        }
        &'registryctl;help;user;rm'= {
        }
        &'registryctl;help;user;ls'= {
        }
        &'registryctl;help;user;import-htpasswd'= {
        }
        &'registryctl;help;group'= {
            cand add 'Create a group (does nothing, successfully, if it exists)'
            cand rm 'Delete a group (rules naming it stay until revoked)'
            cand ls 'List groups and their members'
            cand add-member 'Add existing users (or robots, as robot:NAME) to an existing group'
            cand rm-member 'Remove users from a group'
        }
        &'registryctl;help;group;add'= {
        }
        &'registryctl;help;group;rm'= {
        }
        &'registryctl;help;group;ls'= {
        }
        &'registryctl;help;group;add-member'= {
        }
        &'registryctl;help;group;rm-member'= {
        }
        &'registryctl;help;acl'= {
            cand grant 'Allow SUBJECT the ACTIONS on repositories matching PATTERN'
            cand deny 'Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say'
            cand revoke 'Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN'
            cand ls 'List rules, optionally only those naming a subject or concerning a repository'
            cand check 'Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why'
            cand log 'Print the audit log of every user, group and rule change'
        }
        &'registryctl;help;acl;grant'= {
        }
        &'registryctl;help;acl;deny'= {
        }
        &'registryctl;help;acl;revoke'= {
        }
        &'registryctl;help;acl;ls'= {
        }
        &'registryctl;help;acl;check'= {
        }
        &'registryctl;help;acl;log'= {
        }
        &'registryctl;help;robot'= {
            cand create 'Make a robot with its grants and expiry, and print its secret (once)'
            cand ls 'List robots: grants, expiry, who made them, when they were last used'
            cand rm 'Remove a robot: its secret and tokens stop working at once'
            cand rotate 'Give a robot a new secret (printed once); the old one and its tokens are refused'
        }
        &'registryctl;help;robot;create'= {
        }
        &'registryctl;help;robot;ls'= {
        }
        &'registryctl;help;robot;rm'= {
        }
        &'registryctl;help;robot;rotate'= {
        }
        &'registryctl;help;token'= {
            cand rotate 'Replace the signing key with a new random one; tokens of the old key are refused'
        }
        &'registryctl;help;token;rotate'= {
        }
        &'registryctl;help;scan'= {
        }
        &'registryctl;help;blob'= {
            cand ls 'List blobs with their size, repositories, referencing manifests, reachability and age'
        }
        &'registryctl;help;blob;ls'= {
        }
        &'registryctl;help;quarantine'= {
            cand ls 'List the quarantined files: digest, size, age'
            cand purge 'Delete quarantined files (all, or those older than --older-than)'
        }
        &'registryctl;help;quarantine;ls'= {
        }
        &'registryctl;help;quarantine;purge'= {
        }
        &'registryctl;help;repo'= {
            cand ls 'List repositories with tag, manifest and blob counts and sizes'
            cand rm 'Remove a repository: its tags, manifests and links (blob bytes stay for gc)'
        }
        &'registryctl;help;repo;ls'= {
        }
        &'registryctl;help;repo;rm'= {
        }
        &'registryctl;help;tag'= {
            cand ls 'List a repository''s tags with the manifest each points at'
            cand rm 'Remove tags (untag only: the manifests stay for gc to judge)'
            cand add 'Point a new tag at the manifest an existing tag or digest names (retag, no copy)'
        }
        &'registryctl;help;tag;ls'= {
        }
        &'registryctl;help;tag;rm'= {
        }
        &'registryctl;help;tag;add'= {
        }
        &'registryctl;help;manifest'= {
            cand ls 'List a repository''s manifests with their type, size, age and tags'
            cand get 'Print a manifest or index as pretty JSON'
            cand rm 'Remove a manifest from a repository, with every tag pointing at it'
        }
        &'registryctl;help;manifest;ls'= {
        }
        &'registryctl;help;manifest;get'= {
        }
        &'registryctl;help;manifest;rm'= {
        }
        &'registryctl;help;image'= {
            cand export 'Write an image (an index with all its platforms) to an OCI image layout'
            cand import 'Read an image from an OCI image layout (a directory or a tar archive) into a repository'
            cand copy 'Copy an image to another repository of this store (links, no bytes copied)'
        }
        &'registryctl;help;image;export'= {
        }
        &'registryctl;help;image;import'= {
        }
        &'registryctl;help;image;copy'= {
        }
        &'registryctl;help;import'= {
            cand distribution 'Import a store of the reference registry (distribution 2.x/3.x, filesystem driver)'
            cand store 'Copy another registryctl store (a --root directory, file:///DIR or s3://…) into this one'
        }
        &'registryctl;help;import;distribution'= {
        }
        &'registryctl;help;import;store'= {
        }
        &'registryctl;help;retention'= {
            cand add 'Add a rule'
            cand rm 'Remove a rule by its id'
            cand ls 'List the rules'
            cand explain 'Say whether `prune` would keep a tag, and which rule decides'
        }
        &'registryctl;help;retention;add'= {
        }
        &'registryctl;help;retention;rm'= {
        }
        &'registryctl;help;retention;ls'= {
        }
        &'registryctl;help;retention;explain'= {
        }
        &'registryctl;help;immutable'= {
            cand add 'Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`'
            cand rm 'Remove a rule by its id'
            cand ls 'List the rules'
        }
        &'registryctl;help;immutable;add'= {
        }
        &'registryctl;help;immutable;rm'= {
        }
        &'registryctl;help;immutable;ls'= {
        }
        &'registryctl;help;prune'= {
        }
        &'registryctl;help;quota'= {
            cand add 'Add a quota on a pattern of repositories'
            cand rm 'Remove a quota by its id'
            cand ls 'List the quotas with what their scopes use now'
        }
        &'registryctl;help;quota;add'= {
        }
        &'registryctl;help;quota;rm'= {
        }
        &'registryctl;help;quota;ls'= {
        }
        &'registryctl;help;usage'= {
        }
        &'registryctl;help;gc'= {
        }
        &'registryctl;help;audit'= {
            cand log 'Print the deletion audit log: who removed what, why and when'
        }
        &'registryctl;help;audit;log'= {
        }
        &'registryctl;help;init'= {
        }
        &'registryctl;help;migrate'= {
        }
        &'registryctl;help;help'= {
        }
    ]
    $completions[$command]
}
