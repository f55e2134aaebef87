
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
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the registry (HTTP API of the OCI Distribution Spec)'
            cand config 'Show the effective configuration, or check a configuration file'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;serve'= {
            cand --listen 'Address to listen on [default: 127.0.0.1:5000]'
            cand --log-format 'Log format on stderr [default: text]'
            cand --metrics-listen 'Serve /metrics (and /healthz, /readyz) on this separate plain-HTTP address instead of the main one'
            cand --tls-cert 'PEM certificate chain: serve HTTPS (needs --tls-key)'
            cand --tls-key 'PEM private key of --tls-cert'
            cand --shutdown-timeout 'How long requests in flight may take to finish after SIGTERM, e.g. 30s, 2m [default: 30s]'
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand --read-only 'Serve pulls only: pushes and deletes get 405 UNSUPPORTED'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'registryctl;config'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the effective configuration (as TOML) with the source of each value'
            cand check 'Validate a configuration file: syntax, known keys, value types'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'registryctl;config;show'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'registryctl;config;check'= {
            cand --root 'Store root directory (also `root` in the configuration file)'
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand --config 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (repeat for more)'
            cand --verbose 'Print more detail (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'registryctl;help'= {
            cand serve 'Run the registry (HTTP API of the OCI Distribution Spec)'
            cand config 'Show the effective configuration, or check a configuration file'
            cand completions 'Print a shell completion script'
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
        &'registryctl;help;help'= {
        }
    ]
    $completions[$command]
}
