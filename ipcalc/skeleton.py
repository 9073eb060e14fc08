"""`ipcalc policies new ID [DIR]`: a policy folder to start from, written from the templates
in `templates/policy/` with the id put in. The skeleton passes `policies check` and
`policies test` as written (a test keeps it so)."""

from __future__ import annotations

from pathlib import Path

from .checks import Invalid
from .errors import IpcalcError, Problem
from .i18n import msg
from .inputs import check_target, look, write_whole
from .toml_reader import identifier

TEMPLATES = Path(__file__).resolve().parent / "templates" / "policy"

#: template -> the file written, relative to the folder ({id} is the policy's id)
FILES = {"policy.toml": "{id}.toml", "cases.toml": "{id}.cases.toml", "vocabulary.toml": "vocabulary.toml", "source.txt": "sources/{id}.txt"}


#: ids a policy may not have: their files mean something else in a folder
RESERVED_IDS = frozenset({"vocabulary", "rates"})
#: the longest id (a file name is at most 255 bytes, and an id is typed in commands)
MAX_ID = 64


def write_skeleton(policy_id: str, folder: str, *, force: bool = False) -> list[str]:
    """Write the skeleton's files; their paths. Refuses a bad id, and files that exist
    unless `force`, before writing anything. Never follows a link nor opens what is there:
    each file is written beside its place and renamed onto it (with `force`, a link in the way
    is replaced, not written through; a FIFO, a device or a folder never is), and a subfolder
    that is a link is refused."""
    import os

    try:
        identifier(policy_id)
    except Invalid as exc:
        raise IpcalcError(Problem(exc.message, source="ID")) from None
    if policy_id in RESERVED_IDS:
        raise IpcalcError(Problem(msg("skeleton_id_reserved", id=policy_id), source="ID"))
    if len(policy_id) > MAX_ID:
        raise IpcalcError(Problem(msg("skeleton_id_long", most=MAX_ID), source="ID"))
    root = Path(folder)
    targets = {template: root / name.format(id=policy_id) for template, name in FILES.items()}
    in_the_way: list[Problem] = []
    for path in targets.values():
        try:
            if look(path, follow=False) is not None:
                check_target(str(path), force)  # never over a folder, a device or a FIFO; a file only with force
        except IpcalcError as exc:
            in_the_way += exc.problems
    if in_the_way:
        raise IpcalcError(in_the_way)
    links = sorted({str(p.parent) for p in targets.values() if p.parent != root and os.path.islink(p.parent)})
    if links:
        raise IpcalcError([Problem(msg("skeleton_link"), source=link) for link in links])
    written = []
    for template, path in targets.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8").replace("__ID__", policy_id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(path, text.encode("utf-8"))
        except OSError as exc:
            raise IpcalcError(Problem(msg("cannot_write", reason=exc.strerror or exc), source=str(path))) from None
        written.append(str(path))
    return written
