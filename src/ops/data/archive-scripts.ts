/**
 * The shell scripts the snapshot helper runs, as root inside the engine: save a folder to a
 * compressed tar, and put one back as a transaction. They run in whatever image the helper
 * uses, so they use POSIX sh and the tar at hand: GNU tar keeps `user.*` extended attributes,
 * ACLs and folder times, BusyBox's keeps none of them, and the script says which it used.
 */
import { quote } from './helper.js';

/** The line a script prints to say what its tar keeps: `xattrs` or `none`. */
export const KEEPS_MARKER = 'stager-archive-keeps=';
export type ArchiveKeeps = 'xattrs' | 'none';

/** Exit code of a script whose image cannot run it (no tar): another image may. */
export const UNUSABLE_IMAGE = 127;

// The tar options go into the positional parameters: "$@" keeps `user.*` from being globbed.
const PRELUDE = [
  'set -e',
  `command -v tar >/dev/null 2>&1 || { echo "this image has no tar" >&2; exit ${UNUSABLE_IMAGE}; }`,
  "if tar --xattrs '--xattrs-include=user.*' --acls -cf - -T /dev/null >/dev/null 2>&1; then",
  `  set -- --xattrs '--xattrs-include=user.*' --acls; echo ${KEEPS_MARKER}xattrs`,
  `else set --; echo ${KEEPS_MARKER}none; fi`,
];

/** What a script's output says its tar kept. */
export function keptBy(output: readonly string[]): ArchiveKeeps {
  const line = output.find((l) => l.startsWith(KEEPS_MARKER));
  return line?.slice(KEEPS_MARKER.length) === 'xattrs' ? 'xattrs' : 'none';
}

export interface SaveScript {
  archive: string;
  /** uid:gid the archive is handed to on the host. */
  owner: string;
  data?: string;
  out?: string;
}

export function saveScript({ archive, owner, data = '/data', out = '/out' }: SaveScript): string {
  const file = `${out}/${archive}`;
  return [
    ...PRELUDE,
    'umask 077',
    `tar "$@" -czf ${quote(file)} -C ${quote(data)} .`,
    `chown ${owner} ${quote(file)}`,
    `chmod 600 ${quote(file)}`,
  ].join('\n');
}

const extractInto = (archive: string, into: string): string =>
  [
    `mkdir ${into}`,
    `if ! tar -xzpf ${quote(archive)} --numeric-owner "$@" -C ${into}; then`,
    `  rm -rf ${into}`,
    '  echo "the archive could not be extracted; the data is as it was" >&2',
    '  exit 1',
    'fi',
  ].join('\n');

/**
 * A restore in two phases, so that several mounts change together or not at all: `prepare`
 * extracts beside the data and changes nothing the services see; once every mount is
 * prepared, `commit` puts each in place with renames, or `abort` drops what was prepared.
 */
export interface RestoreScripts {
  prepare: string;
  commit: string;
  abort: string;
}

/**
 * A bind-mounted folder: extracted beside it, then two renames swap it whole. A restore cut
 * between the two renames is undone by the next one before it begins.
 */
export function restoreFolderScripts(p: {
  archive: string;
  folder: string;
  parent?: string;
  input?: string;
}): RestoreScripts {
  const { parent = '/parent', input = '/in' } = p;
  const folder = quote(p.folder);
  const fresh = quote(`.stager-restore-new-${p.folder}`);
  const old = quote(`.stager-restore-old-${p.folder}`);
  const enter = ['set -e', `cd ${quote(parent)}`];
  return {
    prepare: [
      ...PRELUDE,
      ...enter,
      `if [ ! -e ${folder} ] && [ -e ${old} ]; then mv ${old} ${folder}; fi`,
      `rm -rf ${fresh} ${old}`,
      extractInto(`${input}/${p.archive}`, fresh),
    ].join('\n'),
    commit: [
      ...enter,
      `if [ -e ${folder} ]; then mv ${folder} ${old}; fi`,
      `mv ${fresh} ${folder}`,
      `rm -rf ${old}`,
    ].join('\n'),
    abort: [...enter, `rm -rf ${fresh}`].join('\n'),
  };
}

const NEW = '.stager-restore-new';
const ASIDE = '.stager-restore-old';
const DONE = '.stager-restore-old-done';

// Moves every entry of $1, dotfiles included, into $2, leaving out the staging folders.
const MOVE_ALL = [
  'move_all() {',
  '  for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do',
  `    case "\${f##*/}" in ${NEW}|${ASIDE}|${DONE}) continue ;; esac`,
  '    if [ -e "$f" ] || [ -L "$f" ]; then mv "$f" "$2"/; fi',
  '  done',
  '}',
];

/**
 * A volume cannot be renamed: the new data is extracted into a folder inside it; to commit, the
 * old data is moved aside into another, and only then is the new data moved up. Each phase is
 * marked by the name of the aside folder, so that the next restore undoes a cut one: before
 * the marker, the old data goes back up; after it, what was moved up is removed and the old
 * data goes back.
 */
export function restoreVolumeScripts(p: {
  archive: string;
  data?: string;
  input?: string;
}): RestoreScripts {
  const { data = '/data', input = '/in' } = p;
  const enter = ['set -e', ...MOVE_ALL, `cd ${quote(data)}`];
  return {
    prepare: [
      ...PRELUDE,
      ...enter,
      `if [ -d ${ASIDE} ]; then move_all ${ASIDE} .; rmdir ${ASIDE}; fi`,
      `if [ -d ${DONE} ]; then`,
      `  find . -mindepth 1 -maxdepth 1 ! -name ${NEW} ! -name ${DONE} -exec rm -rf {} +`,
      `  move_all ${DONE} .; rmdir ${DONE}`,
      'fi',
      `rm -rf ${NEW}`,
      extractInto(`${input}/${p.archive}`, NEW),
    ].join('\n'),
    commit: [
      ...enter,
      // The saved folder's own times, kept aside while its content moves.
      'mkdir -p /tmp',
      `touch -r ${NEW} /tmp/.stager-times`,
      `mkdir ${ASIDE}`,
      `move_all . ${ASIDE}`,
      `mv ${ASIDE} ${DONE}`,
      `move_all ${NEW} .`,
      `rmdir ${NEW}`,
      `rm -rf ${DONE}`,
      'touch -r /tmp/.stager-times .',
    ].join('\n'),
    abort: [...enter, `rm -rf ${NEW}`].join('\n'),
  };
}
