"""Finding and loading policy files: the bundled ones, then the user's.

The bundled files travel inside the wheel as `ipcalc/policies/` (hatchling force-include);
in an editable checkout they are read from the repository's top-level `policies/`.
In a policy folder, `vocabulary.toml` and `rates.toml` are the shared word list and the
reference rates; every other `*.toml` is one policy.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schema
from .checks import did_you_mean, one_of
from .errors import IpcalcError, Problem
from .fact_warnings import future_estimate
from .i18n import Msg, msg
from .model import Policy
from .rates import Rates
from .record import Record, collected_after
from .toml_text import parse_toml
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from .profile import Profile
    from .result import Estimate

VOCABULARY_FILE = "vocabulary.toml"
RATES_FILE = "rates.toml"
CASES_SUFFIX = ".cases.toml"  # a policy's test cases, beside it: not read as a policy
ENV_POLICIES = "IPCALC_POLICIES"


class PolicyFile(Record):
    """One file seen while loading: what it held, or why it could not be used."""

    path: str
    origin: str  # "bundled" | "user"
    kind: str  # "policy" | "vocabulary" | "rates"
    policy_id: str | None = None
    problems: tuple[Problem, ...] = ()
    #: the folder holding the file (a Path or a package resource), to find cited sources
    root: object = None
    #: a user policy's source text, as its file names it (relative to `root`)
    source: str | None = None


class LazyPolicies(Mapping[str, Policy]):
    """Policies from the cache, each unpickled when first used: an estimate needs only its
    region's policy (measured: unpickling all four costs ~0.6 ms, Xiangzhou's alone ~0.2)."""

    def __init__(self, blobs: dict[str, bytes]):
        self._blobs = blobs
        self._loaded: dict[str, Policy] = {}

    def __getitem__(self, pid: str) -> Policy:
        policy = self._loaded.get(pid)
        if policy is None:
            from .cache import _pickle

            policy = self._loaded[pid] = _pickle().loads(self._blobs[pid])
        return policy

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


class Library(Record):
    vocabulary: Vocabulary
    rates: Rates
    policies: Mapping[str, Policy]
    files: list[PolicyFile]
    #: policy id -> the regions it covers (so finding a region's policies loads no others)
    regions_of: dict[str, tuple[str, ...]]
    #: what an estimate must say of the user's files it used: policy id -> warnings (a user
    #: file replacing a bundled policy, a source text not there), and "" -> warnings for
    #: every estimate (user rates). Worked out each time a library is loaded, never cached:
    #: adding a source text changes no policy file.
    notices: Mapping[str, tuple[Msg, ...]] = {}

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
        for regions in self.regions_of.values():
            for region in regions:
                seen.setdefault(region, None)
        return list(seen)

    def for_region(self, region: str) -> list[Policy]:
        return [self.policies[pid] for pid, regions in self.regions_of.items() if region in regions]

    def evaluate(
        self,
        profile: Profile,
        *,
        policy_ids: Sequence[str] | None = None,
        policies: Sequence[Policy] | None = None,
        as_of: date,
        lpr: Decimal | None = None,
        explain: bool = False,
        readings: Mapping[str, Mapping[str, str]] | None = None,
        today: date | None = None,
        ranges: bool = True,
    ) -> Estimate:
        """A validated profile under its region's policies (or the policies named), read as
        `readings` says (policy id -> question -> reading; the defaults otherwise). `policies`:
        the policies already chosen (a batch chooses them once). Besides the engine's
        warnings: an `as_of` after `today` (the clock's, by default) is a projection, and a
        user policy whose source text is missing has unchecked quotes. Without `ranges`, the
        totals alone (no range over the readings: what `opportunities` compares)."""
        from .engine import evaluate

        if policies is not None:
            chosen = list(policies)
        else:
            chosen = self.select(policy_ids) if policy_ids else self.for_region(profile.region)
        with collected_after():
            estimate = evaluate(
                profile, chosen, vocab=self.vocabulary, rates=self.rates, as_of=as_of, lpr=lpr, explain=explain, readings=readings, ranges=ranges
            )
        notices = self.notices
        said = [*notices.get("", ())]
        for p in chosen:
            said += notices.get(p.id, ())
        today = today or date.today()
        ahead = future_estimate(as_of, today)
        if ahead is not None:
            said.append(ahead)
        if readings:
            evaluated = {p.id for p in chosen}
            for pid, picked in readings.items():
                if pid not in evaluated:
                    said += [
                        msg("warn_reading_unused", policy=pid, name=self.policies[pid].short, question=q, reading=r, region=profile.region)
                        for q, r in picked.items()
                    ]
        if said:
            estimate = estimate._replace(warnings=said + estimate.warnings)
        return estimate

    def select(self, ids: Sequence[str]) -> list[Policy]:
        chosen, problems = [], []
        for pid in ids:
            policy = self.policies.get(pid)
            if policy is None:
                problems.append(
                    Problem(msg("unknown_policy", pid=pid, hint=did_you_mean(pid, self.policies), allowed=one_of(self.policies)), source="--policy")
                )
            elif policy not in chosen:
                chosen.append(policy)
        if problems:
            raise IpcalcError(problems)
        return chosen


def bundled_dir():
    """The bundled policy folder: `ipcalc/policies` inside the installed package (the wheel
    force-includes it), else the repository's top-level `policies/` (editable checkout).

    For a package installed as files this is the folder importlib.resources would give;
    asking it directly saves ~3 ms of imports per run. importlib.resources is still used
    for packages loaded some other way (a zip file)."""
    here = os.path.dirname(os.path.realpath(__file__))
    inside = os.path.join(here, "policies")
    if os.path.isdir(inside):
        return Path(inside)
    if __spec__ is not None and __spec__.origin and not os.path.exists(__spec__.origin):
        from importlib import resources

        packaged = resources.files("ipcalc").joinpath("policies")
        if packaged.is_dir():
            return packaged
    return Path(os.path.dirname(here), "policies")


def user_dirs(option: Sequence[str] | None) -> list[str]:
    """--policies DIR (repeatable) and IPCALC_POLICIES (a path list), in that order."""
    from .inputs import look

    paths = list(option or [])
    env = os.environ.get(ENV_POLICIES, "")
    paths += [p for p in env.split(os.pathsep) if p.strip()]
    for path in paths:
        look(path)  # one that cannot be looked at (a name too long): said now, exit status 2
    return paths


def _entries(folder, origin: str) -> Iterable[tuple[str, str, bytes | None, object, object]]:
    """(display path, file name, bytes or None, error, folder) for each *.toml in a folder."""
    from .inputs import file_problem, read_regular

    if origin == "bundled":
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if _is_definition(entry.name) and entry.is_file():
                yield f"policies/{entry.name}", entry.name, entry.read_bytes(), None, folder
        return
    from .inputs import look

    path = Path(folder)
    try:
        found = look(path)
        if found is None:
            yield str(path), "", None, msg("no_such_path"), None
            return
        is_dir = stat.S_ISDIR(found.st_mode)
        files = sorted(p for p in path.glob("*.toml") if _is_definition(p.name)) if is_dir else [path]
    except IpcalcError as exc:
        yield str(path), "", None, exc.problems[0].message, None
        return
    except OSError as exc:
        yield str(path), "", None, file_problem(exc, str(path)).message, None
        return
    if is_dir and not files:
        yield str(path), "", None, msg("no_policy_files"), None
    for file in files:
        try:
            yield str(file), file.name, read_regular(file), None, file.parent
        except OSError as exc:
            yield str(file), file.name, None, file_problem(exc, str(file)).message, None


def _a_profile(data: Mapping[str, Any]) -> bool:
    """Whether a file read as a policy is a client's profile (or a list of them)."""
    if "policy" in data or "schema" in data:
        return False
    return "region" in data or "profiles" in data or bool(set(data) & (set(schema.SECTIONS) | set(schema.SCALARS)))


def _is_definition(name: str) -> bool:
    """A policy, vocabulary or rates file: any *.toml but a policy's test cases."""
    return name.endswith(".toml") and not name.endswith(CASES_SUFFIX)


#: a user folder's files as read once, for both the cache's key and parsing: (the folder as
#: given, each file's (display path, name, bytes or None, why not, its folder))
Read = list[tuple[str, list[tuple[str, str, "bytes | None", object, object]]]]


def read_user_files(user_paths: Sequence[str]) -> Read:
    """Every policy file of the user folders, read once: the cache's key is taken from these
    bytes and, on a miss, the library is parsed from the same bytes (a file changed between
    two reads can never be cached under the other content's key)."""
    return [(raw, list(_entries(raw, "user"))) for raw in user_paths]


def fingerprint(user_paths: Sequence[str], read: Read | None = None) -> bytes | None:
    """The key of a library: ipcalc's own code and bundled files (version, and each file's
    size and time: they change only when ipcalc is installed or edited), the user folders'
    paths (as given and absolute), and the content of every user policy file as read
    (`read`; length, CRC-32 and Adler-32). Content, not times, for the user's files: a file
    edited and given back its old time (`cp -p`, `rsync -t`, an unpacked archive) still
    changes the key. zlib is imported at start-up anyway; a cryptographic hash would cost
    ~3M instructions a run, and the key only has to tell edits apart (the cache's trust
    rests on its folder, see `cache`). None when the bundled files are not plain files."""
    import zlib

    from .version import __version__

    bundled = bundled_dir()
    if not isinstance(bundled, Path):
        return None
    package = os.path.dirname(os.path.abspath(__file__))
    parts: list[object] = [__version__, sys.version]
    try:
        parts += _own_files(package, str(bundled))
    except OSError:
        return None
    for raw, files in read if read is not None else read_user_files(user_paths):
        # The path as given too: the library keeps it (to show, and to find the sources by),
        # so the same folder named another way from another directory is another key.
        parts += [raw, os.path.abspath(raw)]
        for display, _, content, error, _ in files:
            parts.append(
                (display, "unreadable", str(error)) if content is None else (display, len(content), zlib.crc32(content), zlib.adler32(content))
            )
    return repr(parts).encode()


def _own_files(package: str, bundled: str) -> list[Any]:
    """What identifies ipcalc's own code and bundled policies. Installed, they change only
    when pip writes them again, which changes their folders' times: those times are enough.
    In a checkout (the policies are not inside the package), files are edited in place, so
    each module's (every subpackage's: the rules, the policy file readers...) and each
    policy's size and time are taken (~0.2 ms more)."""
    folders = []
    for root, dirs, _ in os.walk(package):
        dirs[:] = [d for d in dirs if not d.startswith(("__", "."))]  # not __pycache__
        folders.append(root)
    if os.path.dirname(bundled) == package:
        return [os.stat(folder).st_mtime_ns for folder in sorted(folders)]
    return [stats for folder in sorted(folders) for stats in _stats(folder, ".py")] + _stats(bundled, ".toml")


def _stats(folder: str, suffix: str) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of a folder's files with this suffix; scandir gives the stat
    results with the listing, which keeps this well under a millisecond."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(suffix):
                info = entry.stat()
                found.append((entry.path, info.st_size, info.st_mtime_ns))
    return sorted(found)


def load_library(user_paths: Sequence[str] = ()) -> Library:
    """The library for commands that compute: read from the cache when no input changed.

    Parsing the TOML files costs ~14 ms per process (tomllib is pure Python); the cache
    makes it ~1 ms. Any problem with the cache is ignored: the files are simply read."""
    from . import cache

    read = read_user_files(user_paths)
    key = fingerprint(user_paths, read) if cache.cache_dir() is not None else None
    if key is not None:
        stored = cache.read(key)
        if stored is not None:
            vocabulary, rates, files, regions_of, blobs = stored
            return Library(vocabulary, rates, LazyPolicies(blobs), files, regions_of, user_notices(files))
    library = read_library(user_paths, read=read)
    if key is not None:
        pickle = cache._pickle()
        blobs = {pid: pickle.dumps(policy, -1) for pid, policy in library.policies.items()}
        cache.write(key, (library.vocabulary, library.rates, library.files, library.regions_of, blobs))
    return library


def read_library(user_paths: Sequence[str] = (), *, strict_bundled: bool = True, read: Read | None = None) -> Library:
    """Bundled files, then user files (or those `read` already holds). A broken user file is
    recorded in `files`, never raised here, so it cannot hide the bundled policies; a broken
    bundled file raises (a test keeps them valid) unless `strict_bundled` is off, as
    `policies check` wants."""
    from .policy_files import read_policy, read_rates, read_vocabulary

    vocab: Vocabulary | None = None
    rates: Rates | None = None
    policies: dict[str, Policy] = {}
    files: list[PolicyFile] = []
    pending: list[tuple[str, str, dict, str, object]] = []
    unread: dict[str, str] = {}  # folder -> its vocabulary file, which has problems

    def broken(display: str, origin: str, kind: str, problems, policy_id: str | None = None, root=None) -> None:
        if origin == "bundled" and strict_bundled:
            raise IpcalcError(problems)
        files.append(PolicyFile(display, origin, kind, policy_id, tuple(problems), root))

    given = read if read is not None else read_user_files(user_paths)
    sources = [("bundled", _entries(bundled_dir(), "bundled"))] + [("user", files) for _, files in given]
    for origin, found in sources:
        for display, name, raw, error, root in found:
            kind = "vocabulary" if name == VOCABULARY_FILE else "rates" if name == RATES_FILE else "policy"
            if raw is None:
                broken(display, origin, kind, [Problem(error or "", source=display)])
                continue
            try:
                data, text = parse_toml(raw, display)
                if kind == "policy" and _a_profile(data):  # a client's profile saved in the folder
                    broken(display, origin, kind, [Problem(msg("looks_like_profile"), source=display)])
                    continue
                if kind == "vocabulary":
                    extra = read_vocabulary(data, source=display, text=text, known=vocab.schema if vocab is not None else schema.BUILTIN)
                    merged = (vocab or Vocabulary({}, {}, {})).merged(extra)
                    check_title_levels(extra, merged, display, text)
                    vocab = merged
                    files.append(PolicyFile(display, origin, kind, root=root))
                elif kind == "rates":
                    rates = read_rates(data, source=display, text=text)
                    files.append(PolicyFile(display, origin, kind, root=root))
                else:
                    pending.append((display, origin, data, text, root))
            except IpcalcError as exc:
                broken(display, origin, kind, exc.problems)
                if kind == "vocabulary":
                    unread[str(root)] = display
    if vocab is None or rates is None:
        raise IpcalcError(Problem(msg("bundled_data_broken"), source="policies/"))
    # Policies are read after every vocabulary file, so a user policy may use a user's words.
    defined: dict[str, str] = {}
    for display, origin, data, text, root in pending:
        head = data.get("policy")
        pid = head.get("id") if isinstance(head, dict) and isinstance(head.get("id"), str) else None
        if str(root) in unread:  # its words are not there: each use of them would be a misleading error
            broken(display, origin, "policy", [Problem(msg("policy_vocabulary_broken", vocabulary=unread[str(root)]), source=display)], pid)
            continue
        try:
            policy = read_policy(data, source=display, text=text, vocab=vocab, origin=origin)
        except IpcalcError as exc:
            broken(display, origin, "policy", exc.problems, pid)
            continue
        if origin == "user" and defined.get(policy.id, "").startswith("user:"):
            first = defined[policy.id][5:]
            broken(display, origin, "policy", [Problem(msg("policy_id_twice", id=policy.id, first=first), "policy.id", display)], policy.id)
            continue
        defined[policy.id] = f"{origin}:{display}"
        policies[policy.id] = policy  # a user file with a bundled id replaces it
        source = policy.source if origin == "user" else None
        files.append(PolicyFile(display, origin, "policy", policy.id, root=root, source=source))
    ordered = dict(sorted(policies.items(), key=lambda kv: (kv[1].origin != "bundled", kv[0])))
    return Library(vocab, rates, ordered, files, {pid: p.regions for pid, p in ordered.items()}, user_notices(files))


def _is_file_inside(folder: Path, source: str) -> bool:
    try:
        return source_path(folder, source).is_file()
    except (OSError, ValueError):
        return False


def user_notices(files: Sequence[PolicyFile]) -> dict[str, tuple[Msg, ...]]:
    """What the user's files change, to be said wherever they are used: a user policy that
    replaces a bundled one, a user policy whose source text is not where its file says (one
    stat each), user rates instead of the bundled ones. See `Library.notices`."""
    bundled = {f.policy_id for f in files if f.origin == "bundled" and f.kind == "policy"}
    out: dict[str, list[Msg]] = {}
    for f in files:
        if f.origin != "user" or f.problems:
            continue
        if f.kind == "rates":
            out[""] = [msg("warn_user_rates", path=f.path)]  # the last rates file read is used
        elif f.kind == "policy" and f.policy_id:
            said = out.setdefault(f.policy_id, [])
            if f.policy_id in bundled:
                said.append(msg("warn_user_replaces", policy=f.policy_id, path=f.path))
            if f.source and isinstance(f.root, Path) and not _is_file_inside(f.root, f.source):
                said.append(msg("warn_source_missing", policy=f.policy_id, path=f.path, source=f.source))
    return {key: tuple(said) for key, said in out.items() if said}


def check_title_levels(extra: Vocabulary, merged: Vocabulary, source: str, text: str) -> None:
    """Every level a vocabulary file gives its titles must be a known level."""
    from .toml_text import line_of

    problems = []
    for title, tdef in extra.titles.items():
        for level in tdef.levels:
            if level not in merged.levels:
                path = f"titles.{title}.levels"
                message = msg("unknown_level", level=level, hint=did_you_mean(level, merged.levels), allowed=one_of(merged.levels))
                problems.append(Problem(message, path, source, line_of(text, path)))
    if problems:
        raise IpcalcError(problems)


def _normalised(text: str) -> str:
    return "".join(text.split())


def source_path(folder: object, source: str) -> Any:
    """Where a policy's source text is: inside the policy's folder, or nowhere (ValueError).
    An absolute path, `..` or a link leading out would let a policy folder read any file
    (and, by its "quote not found" messages, tell what another file holds)."""
    if not isinstance(folder, Path):  # bundled, inside the package: the names are ours
        return folder.joinpath(source)  # type: ignore[attr-defined]
    relative = Path(source)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(source)
    base = folder.resolve()
    path = (base / relative).resolve()
    if base not in path.parents:
        raise ValueError(source)
    return path


def read_source(policy: Policy, root: object) -> str:
    """A policy's source text: a regular file inside its folder, of at most MAX_FILE_BYTES,
    in UTF-8 (OSError, ValueError or UnicodeDecodeError otherwise)."""
    from .inputs import read_regular

    assert policy.source
    path = source_path(root, policy.source)
    if not isinstance(path, Path):
        return path.read_text(encoding="utf-8")
    return read_regular(path).decode("utf-8")


def verify_quotes(policy: Policy, root) -> list[Problem]:
    """Each quoted `text` must appear verbatim (spacing aside) in the policy's source file.
    A quote that does not is reported at its line, with the point where it leaves the source."""
    if not policy.source or root is None:
        return []
    try:
        body = _normalised(read_source(policy, root))
    except (OSError, UnicodeDecodeError, ValueError):
        return [Problem(msg("source_unreadable", source=policy.source), "policy.source", policy.path)]
    quotes: list[tuple[str, str]] = [(f"rules[{index}].text", quote) for index, rule in enumerate(policy.rules) for quote in rule.text]
    guided = [("apply", policy.apply)] + [(f"rules[{n}].apply", r.apply) for n, r in enumerate(policy.rules) if r.apply]
    quotes += [
        (f"{where}.{part}.quote", said.quote) for where, guidance in guided for part, said in guidance.parts() if said is not None and said.quote
    ]
    quotes += [(f"policy.{key}.text", getattr(policy, key).text) for key in ("blacklist", "exclusive", "notice") if getattr(policy, key) is not None]
    written = {rule.id: rule.text for rule in policy.rules}
    for index, question in enumerate(policy.questions):
        quotes += [(f"questions[{index}].text", q) for q in question.text]
        quotes += [  # a reading that quotes a rule's text otherwise: its quote is checked too
            (f"questions[{index}].readings[{n}].change.{rid}.text", quote)
            for n, r in enumerate(question.readings)
            for rid, rule in r.rules.items()
            if rule is not None and rule.text != written.get(rid)
            for quote in rule.text
        ]
        quotes += [
            (f"questions[{index}].readings[{n}].blacklist.text", r.blacklist.text)
            for n, r in enumerate(question.readings)
            if r.blacklist is not None and r.blacklist.text
        ]
    missing = [(where, quote) for where, quote in quotes if _normalised(quote) not in body]
    if not missing:
        return []
    from .inputs import read_regular
    from .toml_text import line_of

    try:
        text = read_regular(policy.path).decode("utf-8") if policy.path else ""
    except (OSError, UnicodeDecodeError, ValueError):
        text = ""
    return [Problem(_quote_missing(policy.source, _normalised(quote), body), where, policy.path, line_of(text, where)) for where, quote in missing]


def _quote_missing(source: str, quote: str, body: str) -> Msg:
    """Why a quote is not in the source: how far it matches (the longest start of it found,
    by bisection: a start found means every shorter one is), and what each has next."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in body:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return msg("quote_missing_start", source=source, item=quote[:30])
    at = body.find(quote[:low]) + low
    return msg(
        "quote_diverges",
        source=source,
        matched=quote[max(low - 12, 0) : low],
        count=low,
        quoted=quote[low : low + 6],
        found=body[at : at + 6] or "(end of text)",
    )
