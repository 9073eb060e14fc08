"""Finding and loading policy files: the bundled ones, then the user's.

The bundled files travel inside the wheel as `ipcalc/policies/` (hatchling force-include);
in an editable checkout they are read from the repository's top-level `policies/`.
In a policy folder, `vocabulary.toml` and `rates.toml` are the shared word list and the
reference rates; every other `*.toml` is one policy.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from .checks import did_you_mean, one_of, parse_toml
from .errors import IpcalcError, Problem
from .policy import Policy, Vocabulary, read_policy, read_vocabulary
from .rates import Rates, read_rates

VOCABULARY_FILE = "vocabulary.toml"
RATES_FILE = "rates.toml"
ENV_POLICIES = "IPCALC_POLICIES"


class PolicyFile(NamedTuple):
    """One file seen while loading: what it held, or why it could not be used."""

    path: str
    origin: str  # "bundled" | "user"
    kind: str  # "policy" | "vocabulary" | "rates"
    policy_id: str | None = None
    problems: tuple[Problem, ...] = ()
    #: the folder holding the file (a Path or a package resource), to find cited sources
    root: object = None


class Library(NamedTuple):
    vocabulary: Vocabulary
    rates: Rates
    policies: dict[str, Policy]
    files: list[PolicyFile]

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    def require_clean(self) -> None:
        """Commands that compute refuse to run with a broken user policy file."""
        if self.problems:
            raise IpcalcError(self.problems)

    @property
    def regions(self) -> list[str]:
        seen: dict[str, None] = {}
        for policy in self.policies.values():
            for region in policy.regions:
                seen.setdefault(region, None)
        return list(seen)

    def for_region(self, region: str) -> list[Policy]:
        return [p for p in self.policies.values() if region in p.regions]

    def select(self, ids: Sequence[str]) -> list[Policy]:
        chosen, problems = [], []
        for pid in ids:
            policy = self.policies.get(pid)
            if policy is None:
                problems.append(
                    Problem(
                        f"unknown policy {pid!r}{did_you_mean(pid, self.policies)}; known: {one_of(self.policies)}",
                        source="--policy",
                    )
                )
            elif policy not in chosen:
                chosen.append(policy)
        if problems:
            raise IpcalcError(problems)
        return chosen


def bundled_dir():
    """The bundled policy folder: inside the installed package, else the repository's."""
    packaged = resources.files("ipcalc").joinpath("policies")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "policies"


def user_dirs(option: Sequence[str] | None) -> list[str]:
    """--policies DIR (repeatable) and IPCALC_POLICIES (a path list), in that order."""
    paths = list(option or [])
    env = os.environ.get(ENV_POLICIES, "")
    paths += [p for p in env.split(os.pathsep) if p.strip()]
    return paths


def _entries(folder, origin: str) -> Iterable[tuple[str, str, bytes | None, str | None, object]]:
    """(display path, file name, bytes or None, error, folder) for each *.toml in a folder."""
    if origin == "bundled":
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml") and entry.is_file():
                yield f"policies/{entry.name}", entry.name, entry.read_bytes(), None, folder
        return
    path = Path(folder)
    if not path.exists():
        yield str(path), "", None, "no such file or folder", None
        return
    files = [path] if path.is_file() else sorted(path.glob("*.toml"))
    if path.is_dir() and not files:
        yield str(path), "", None, "the folder holds no *.toml policy files", None
    for file in files:
        try:
            yield str(file), file.name, file.read_bytes(), None, file.parent
        except OSError as exc:
            yield str(file), file.name, None, f"cannot be read: {exc.strerror or exc}", None


def load_library(user_paths: Sequence[str] = (), *, strict_bundled: bool = True) -> Library:
    """Bundled files, then user files. A broken user file is recorded in `files`, never
    raised here, so it cannot hide the bundled policies; a broken bundled file raises
    (a test keeps them valid) unless `strict_bundled` is off, as `policies check` wants."""
    vocab: Vocabulary | None = None
    rates: Rates | None = None
    policies: dict[str, Policy] = {}
    files: list[PolicyFile] = []
    pending: list[tuple[str, str, dict, str, object]] = []

    def broken(display: str, origin: str, kind: str, problems, policy_id: str | None = None, root=None) -> None:
        if origin == "bundled" and strict_bundled:
            raise IpcalcError(problems)
        files.append(PolicyFile(display, origin, kind, policy_id, tuple(problems), root))

    sources = [("bundled", bundled_dir())] + [("user", p) for p in user_paths]
    for origin, folder in sources:
        for display, name, raw, error, root in _entries(folder, origin):
            kind = "vocabulary" if name == VOCABULARY_FILE else "rates" if name == RATES_FILE else "policy"
            if raw is None:
                broken(display, origin, kind, [Problem(error or "", source=display)])
                continue
            try:
                data, text = parse_toml(raw, display)
                if kind == "vocabulary":
                    extra = read_vocabulary(data, source=display, text=text)
                    vocab = extra if vocab is None else vocab.merged(extra)
                    files.append(PolicyFile(display, origin, kind, root=root))
                elif kind == "rates":
                    rates = read_rates(data, source=display, text=text)
                    files.append(PolicyFile(display, origin, kind, root=root))
                else:
                    pending.append((display, origin, data, text, root))
            except IpcalcError as exc:
                broken(display, origin, kind, exc.problems)
    if vocab is None or rates is None:
        raise IpcalcError(Problem("the bundled vocabulary.toml or rates.toml is missing or broken", source="policies/"))
    for title, tdef in vocab.titles.items():
        unknown = [lv for lv in tdef.levels if lv not in vocab.levels]
        if unknown:
            raise IpcalcError(Problem(f"title {title!r} has unknown level {unknown[0]!r}; levels: {one_of(vocab.levels)}", source=VOCABULARY_FILE))
    # Policies are read after every vocabulary file, so a user policy may use a user's words.
    defined: dict[str, str] = {}
    for display, origin, data, text, root in pending:
        head = data.get("policy")
        pid = head.get("id") if isinstance(head, dict) and isinstance(head.get("id"), str) else None
        try:
            policy = read_policy(data, source=display, text=text, vocab=vocab, origin=origin)
        except IpcalcError as exc:
            broken(display, origin, "policy", exc.problems, pid)
            continue
        if origin == "user" and defined.get(policy.id, "").startswith("user:"):
            first = defined[policy.id][5:]
            broken(display, origin, "policy", [Problem(f"policy id {policy.id!r} is already defined by {first}", "policy.id", display)], policy.id)
            continue
        defined[policy.id] = f"{origin}:{display}"
        policies[policy.id] = policy  # a user file with a bundled id replaces it
        files.append(PolicyFile(display, origin, "policy", policy.id, root=root))
    ordered = dict(sorted(policies.items(), key=lambda kv: (kv[1].origin != "bundled", kv[0])))
    return Library(vocab, rates, ordered, files)


def _normalised(text: str) -> str:
    return "".join(text.split())


def verify_quotes(policy: Policy, root) -> list[Problem]:
    """Each quoted `text` must appear verbatim (spacing aside) in the policy's source file."""
    if not policy.source or root is None:
        return []
    source = root.joinpath(policy.source)
    try:
        body = _normalised(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return [Problem(f"source file {policy.source!r} cannot be read next to the policy", "policy.source", policy.path)]
    problems = []
    for index, rule in enumerate(policy.rules):
        for quote in rule.text:
            if _normalised(quote) not in body:
                problems.append(
                    Problem(f"quote not found verbatim in {policy.source}: {quote[:30]}…", f"rules[{index}].text", policy.path)
                )
    for key in ("blacklist", "exclusive"):
        clause = getattr(policy, key)
        if clause is not None and _normalised(clause.text) not in body:
            problems.append(Problem(f"quote not found verbatim in {policy.source}", f"policy.{key}.text", policy.path))
    return problems
