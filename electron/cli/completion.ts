import type { Command } from 'commander';

/**
 * Shell completion for bash, zsh and fish, generated from the commander program itself, so a new
 * command or option completes without editing a script: `baton completion bash > …` (see README).
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Entry {
  name: string;
  summary: string;
  options: { flag: string; summary: string }[];
}

function entries(program: Command): Entry[] {
  return program.commands
    .filter((c) => c.name() !== 'help')
    .map((c) => ({
      name: c.name(),
      summary: c.summary() || c.description(),
      options: c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)).map((flag) => ({ flag, summary: o.description }))),
    }));
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const zshEscape = (text: string) => text.replace(/:/g, '\\:').replace(/'/g, `'\\''`);

export function completionScript(program: Command, shell: Shell): string {
  const list = entries(program);
  if (shell === 'bash') {
    const cases = list.map((e) => `    ${e.name}) opts=${quote(e.options.map((o) => o.flag).join(' '))} ;;`).join('\n');
    return `# bash completion for baton (source it, or save it as baton in your bash-completion folder)
_baton() {
  local cur=\${COMP_WORDS[COMP_CWORD]} opts=''
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quote(list.map((e) => e.name).join(' '))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    completion) opts='bash zsh fish' ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _baton baton
`;
  }
  if (shell === 'zsh') {
    const commands = list.map((e) => `    '${zshEscape(e.name)}:${zshEscape(e.summary)}'`).join('\n');
    const cases = list
      .map((e) => `    ${e.name}) opts=(${e.options.map((o) => `'${zshEscape(o.flag)}:${zshEscape(o.summary)}'`).join(' ')}) ;;`)
      .join('\n');
    return `#compdef baton
# zsh completion for baton (save as _baton in a folder on $fpath, or source it after compinit)
_baton() {
  local -a commands opts
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case $words[2] in
${cases}
    completion) opts=(bash zsh fish) ;;
  esac
  (( \${#opts} )) && _describe 'option' opts
}
if [ "$funcstack[1]" = "_baton" ]; then _baton "$@"; else compdef _baton baton; fi
`;
  }
  const lines = ['# fish completion for baton (save as ~/.config/fish/completions/baton.fish)', 'complete -c baton -f'];
  for (const e of list) {
    lines.push(`complete -c baton -n __fish_use_subcommand -a ${e.name} -d ${quote(e.summary)}`);
    for (const o of e.options) {
      const flag = o.flag.startsWith('--') ? `-l ${o.flag.slice(2)}` : `-s ${o.flag.slice(1)}`;
      lines.push(`complete -c baton -n '__fish_seen_subcommand_from ${e.name}' ${flag} -d ${quote(o.summary)}`);
    }
  }
  lines.push(`complete -c baton -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'`);
  return `${lines.join('\n')}\n`;
}
