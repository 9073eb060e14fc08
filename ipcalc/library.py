"""Finding and loading policy files: the bundled ones, then the user's.

The bundled files travel inside the wheel as `ipcalc/policies/` (hatchling force-include);
in an editable checkout they are read from the repository's top-level `policies/`.
In a policy folder, `vocabulary.toml` and `rates.toml` are the shared word list and the
reference rates; every other `*.toml` is one policy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .checks import did_you_mean, one_of, parse_toml
from .errors import IpcalcError, Problem
from .policy import Policy, Vocabulary, read_policy, read_vocabulary
from .rates import Rates, read_rates

VOCABULARY_FILE = "vocabulary.toml"
RATES_FILE = "rates.toml"
ENV_POLICIES = "IPCALC_POLICIES"


@dataclass(frozen=True, slots=True)
class PolicyFile:
    """One file seen while loading: what it held, or why it could not be used."""

    path: str
    origin: str  # "bundled" | "user"
    kind: str  # "policy" | "vocabulary" | "rates"
    policy_id: str | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class Library:
    vocabulary: Vocabulary
    rates: Rates
    policies: dict[str, Policy]
    files: list[PolicyFile] = field(default_factory=list)

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
                        f"unknown policy {pid!r}; known: {one_of(self.policies)}{did_you_mean(pid, self.policies)}",
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


def _entries(folder, origin: str) -> Iterable[tuple[str, str, bytes | None, str | None]]:
    """(display path, file name, bytes or None, error) for each *.toml in a folder."""
    if origin == "bundled":
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml") and entry.is_file():
                yield f"policies/{entry.name}", entry.name, entry.read_bytes(), None
        return
    path = Path(folder)
    if not path.exists():
        yield str(path), "", None, "no such file or folder"
        return
    files = [path] if path.is_file() else sorted(path.glob("*.toml"))
    if path.is_dir() and not files:
        yield str(path), "", None, "the folder holds no *.toml policy files"
    for file in files:
        try:
            yield str(file), file.name, file.read_bytes(), None
        except OSError as exc:
            yield str(file), file.name, None, f"cannot be read: {exc.strerror or exc}"


def load_library(user_paths: Sequence[str] = ()) -> Library:
    """Every bundled file must load (a test keeps it so); user files may be broken."""
    vocab: Vocabulary | None = None
    rates: Rates | None = None
    policies: dict[str, Policy] = {}
    files: list[PolicyFile] = []
    pending: list[tuple[str, str, dict, str]] = []

    sources = [("bundled", bundled_dir())] + [("user", p) for p in user_paths]
    for origin, folder in sources:
        for display, name, raw, error in _entries(folder, origin):
            if raw is None:
                files.append(PolicyFile(display, origin, "policy", problems=(Problem(error or "", source=display),)))
                continue
            kind = "vocabulary" if name == VOCABULARY_FILE else "rates" if name == RATES_FILE else "policy"
            try:
                data, text = parse_toml(raw, display)
                if kind == "vocabulary":
                    extra = read_vocabulary(data, source=display, text=text)
                    vocab = extra if vocab is None else vocab.merged(extra)
                    files.append(PolicyFile(display, origin, kind))
                elif kind == "rates":
                    rates = read_rates(data, source=display, text=text)
                    files.append(PolicyFile(display, origin, kind))
                else:
                    pending.append((display, origin, data, text))
            except IpcalcError as exc:
                if origin == "bundled":
                    raise
                files.append(PolicyFile(display, origin, kind, problems=exc.problems))
    if vocab is None or rates is None:
        raise IpcalcError(Problem("the bundled vocabulary.toml or rates.toml is missing", source="policies/"))
    # Policies are read after every vocabulary file, so a user policy may use a user's words.
    for display, origin, data, text in pending:
        try:
            policy = read_policy(data, source=display, text=text, vocab=vocab, origin=origin)
        except IpcalcError as exc:
            if origin == "bundled":
                raise
            pid = data.get("policy", {}).get("id") if isinstance(data.get("policy"), dict) else None
            files.append(PolicyFile(display, origin, "policy", pid if isinstance(pid, str) else None, exc.problems))
            continue
        policies[policy.id] = policy  # a user file with a bundled id replaces it
        files.append(PolicyFile(display, origin, "policy", policy.id))
    ordered = dict(sorted(policies.items(), key=lambda kv: (kv[1].origin != "bundled", kv[0])))
    return Library(vocab, rates, ordered, files)
