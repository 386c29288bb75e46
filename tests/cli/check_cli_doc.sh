#!/usr/bin/env bash
# Usage: check_cli_doc.sh IEMLAB docs/cli.md
# docs/cli.md must describe exactly the commands and options that `iemlab … --help` lists: every command (and
# nested command) has a heading "### `iemlab <command>`"; within that section every option of its --help is
# named in backquotes (`--option`, or `-x` for a short-only option), and every option named there exists in the
# command's --help or in one of its subcommands'.
set -uo pipefail
cli=$1
doc=$2
status=0
fail() { echo "cli.md: $*"; status=1; }

# Options of a --help text, one per line (long form preferred; -h/--help left out).
help_options() {
  awk '/^Options:/{o=1; next} /^[A-Z][A-Za-z ]*:$/{o=0} o && /^  +-/{
         sub(/^ +/, ""); split($1, names, ","); best = names[1]
         for (i in names) if (names[i] ~ /^--/) best = names[i]
         if (best != "--help" && best != "-h") print best }' | sort -u
}
# Every option name of a --help text, short and long.
help_names() {
  awk '/^Options:/{o=1; next} /^[A-Z][A-Za-z ]*:$/{o=0} o && /^  +-/{
         sub(/^ +/, ""); n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i] }' | sort -u
}
# Subcommands of a --help text.
help_subcommands() {
  awk '/^Subcommands:/{s=1; next} /^[A-Z][A-Za-z ]*:$/{s=0} s && /^  +[a-z]/{print $1}'
}
# The text of the section "### `iemlab PATH`" (up to the next heading of level 2 or 3).
doc_section() {
  awk -v h="### \`iemlab${1:+ $1}\`" '$0 == h {s=1; next} s && /^##/{exit} s' "$doc"
}
# Options named in a section: backquoted tokens starting with a dash.
doc_options() {
  grep -o '`-[-a-zA-Z0-9]*' | tr -d '`' | grep -v '^-$' | sort -u
}

# Every command path and its --help, each run once.
declare -A help
paths=()
queue=("")
while ((${#queue[@]})); do
  path=${queue[0]}
  queue=("${queue[@]:1}")
  # shellcheck disable=SC2086
  text=$("$cli" $path --help) || { fail "iemlab $path --help failed"; continue; }
  help[x$path]=$text
  paths+=("$path")
  for sub in $(help_subcommands <<<"$text"); do queue+=("${path:+$path }$sub"); done
done

for path in "${paths[@]}"; do
  section=$(doc_section "$path")
  if [[ -z $section ]]; then
    fail "no section \"### \`iemlab${path:+ $path}\`\""
    continue
  fi
  in_help=$(help_options <<<"${help[x$path]}")
  in_doc=$(doc_options <<<"$section")
  known=$(for p in "${paths[@]}"; do
            [[ $p == "$path" || -z $path || $p == "$path "* ]] && help_names <<<"${help[x$p]}"
          done | sort -u)
  [[ -z $path ]] && known=$(help_names <<<"${help[x]}")
  for o in $in_help; do grep -qx -- "$o" <<<"$in_doc" || fail "iemlab $path: $o is in --help but not in its section"; done
  for o in $in_doc; do grep -qx -- "$o" <<<"$known" || fail "iemlab $path: $o is in its section but not in --help"; done
done
# Every command section names a real command.
while IFS= read -r heading; do
  name=${heading#'### `iemlab'}
  name=${name%'`'}
  name=${name# }
  [[ -n ${help[x$name]+set} ]] || fail "section \"$heading\" names no command of iemlab --help"
done < <(grep '^### `iemlab' "$doc")
((status == 0)) && echo "cli.md matches --help: ${#paths[@]} commands"
exit $status
