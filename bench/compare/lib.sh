# Sourced by run.sh and startup.sh: their shared argument and tool checks.

# --help prints the calling script's header comment (its help) and exits 0; any other argument exits 2.
help_or_no_arguments() {
  local script="${BASH_SOURCE[1]}"
  if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
    sed -n '2,/^set -euo/p' "$script" | sed '$d' | sed -E 's/^# ?//'
    exit 0
  fi
  if (($#)); then
    echo "$(basename "$script"): no arguments but --help; settings are environment variables (see --help)" >&2
    exit 2
  fi
}

# Each argument is "command: what it is (how to install it)"; exits 1 before anything runs when one is missing.
require_tools() {
  local script="${BASH_SOURCE[1]}" missing=() tool
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    printf '%s: missing tools, nothing was run:\n' "$(basename "$script")" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
  fi
}
