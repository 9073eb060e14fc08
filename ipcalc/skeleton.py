"""`ipcalc policies new ID [DIR]`: a policy folder to start from, written from the templates
in `templates/policy/` with the id put in. The skeleton passes `policies check` and
`policies test` as written (a test keeps it so)."""

from __future__ import annotations

from pathlib import Path

from .checks import Invalid
from .errors import IpcalcError, Problem
from .i18n import msg
from .tables import identifier

TEMPLATES = Path(__file__).resolve().parent / "templates" / "policy"

#: template -> the file written, relative to the folder ({id} is the policy's id)
FILES = {
    "policy.toml": "{id}.toml",
    "cases.toml": "{id}.cases.toml",
    "vocabulary.toml": "vocabulary.toml",
    "source.txt": "sources/{id}.txt",
}


def write_skeleton(policy_id: str, folder: str, *, force: bool = False) -> list[str]:
    """Write the skeleton's files; their paths. Refuses a bad id, and files that exist
    unless `force`, before writing anything."""
    try:
        identifier(policy_id)
    except Invalid as exc:
        raise IpcalcError(Problem(exc.message, source="ID")) from None
    root = Path(folder)
    targets = {template: root / name.format(id=policy_id) for template, name in FILES.items()}
    if not force:
        existing = [Problem(msg("file_exists"), source=str(path)) for path in targets.values() if path.exists()]
        if existing:
            raise IpcalcError(existing)
    written = []
    for template, path in targets.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8").replace("__ID__", policy_id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise IpcalcError(Problem(msg("cannot_write", reason=exc.strerror or exc), source=str(path))) from None
        written.append(str(path))
    return written
