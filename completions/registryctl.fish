# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_registryctl_global_optspecs
    string join \n root= q/quiet v/verbose config= h/help V/version
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

complete -c registryctl -n "__fish_registryctl_needs_command" -l root -d 'Store root directory (also `root` in the configuration file)' -r -F
complete -c registryctl -n "__fish_registryctl_needs_command" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_needs_command" -s q -l quiet -d 'Print only errors'
complete -c registryctl -n "__fish_registryctl_needs_command" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_needs_command" -s h -l help -d 'Print help'
complete -c registryctl -n "__fish_registryctl_needs_command" -s V -l version -d 'Print version'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "serve" -d 'Run the registry (HTTP API of the OCI Distribution Spec)'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "config" -d 'Show the effective configuration, or check a configuration file'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c registryctl -n "__fish_registryctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l listen -d 'Address to listen on [default: 127.0.0.1:5000]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l log-format -d 'Log format on stderr [default: text]' -r -f -a "text\t'Human-readable lines (coloured on a terminal unless `NO_COLOR` is set)'
json\t'One JSON object per line'"
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l metrics-listen -d 'Serve /metrics (and /healthz, /readyz) on this separate plain-HTTP address instead of the main one' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l tls-cert -d 'PEM certificate chain: serve HTTPS (needs --tls-key)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l tls-key -d 'PEM private key of --tls-cert' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l shutdown-timeout -d 'How long requests in flight may take to finish after SIGTERM, e.g. 30s, 2m [default: 30s]' -r
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l root -d 'Store root directory (also `root` in the configuration file)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -l read-only -d 'Serve pulls only: pushes and deletes get 405 UNSUPPORTED'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -s q -l quiet -d 'Print only errors'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l root -d 'Store root directory (also `root` in the configuration file)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s q -l quiet -d 'Print only errors'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s h -l help -d 'Print help'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "show" -d 'Print the effective configuration (as TOML) with the source of each value'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "check" -d 'Validate a configuration file: syntax, known keys, value types'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -l root -d 'Store root directory (also `root` in the configuration file)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -l root -d 'Store root directory (also `root` in the configuration file)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only errors'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration (as TOML) with the source of each value'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a configuration file: syntax, known keys, value types'
complete -c registryctl -n "__fish_registryctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -l root -d 'Store root directory (also `root` in the configuration file)' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -l config -d 'Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists]' -r -F
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -s v -l verbose -d 'Print more detail (repeat for more)'
complete -c registryctl -n "__fish_registryctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions help" -f -a "serve" -d 'Run the registry (HTTP API of the OCI Distribution Spec)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions help" -f -a "config" -d 'Show the effective configuration, or check a configuration file'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and not __fish_seen_subcommand_from serve config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration (as TOML) with the source of each value'
complete -c registryctl -n "__fish_registryctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate a configuration file: syntax, known keys, value types'
