"""Hostile or broken input, probed as an adversarial tester would: each test reproduces one
finding of the hardening review and checks that ipcalc answers with a clear error (exit 2),
an error record, or a warning; never a hang, a traceback, or a file read it should not read.
Commands that could hang run in a subprocess with a timeout."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, invoke, warning_texts
from pty_run import default_signals


def ipcalc(*args: str, stdin: bytes | None = b"", timeout: float = 60, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """ipcalc in a process of its own, as a shell would run it (bytes in and out)."""
    return subprocess.run(
        [sys.executable, "-m", "ipcalc", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        cwd=kwargs.pop("cwd", ROOT),
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        **kwargs,
    )


def new_policy(folder: Path) -> Path:
    assert invoke("policies", "new", "demo", str(folder)).exit_code == 0
    return folder / "demo.toml"


# ------------------------------------------------------------------ 3. policy folders


@pytest.mark.subprocess
@pytest.mark.parametrize("source", ["../../../../etc/passwd", "/etc/passwd", "/dev/zero", "sources/../../secret.txt"])
def test_a_source_outside_the_policy_folder_is_refused(tmp_path: Path, source: str):
    policy = new_policy(tmp_path / "demo")
    policy.write_text(policy.read_text().replace('source = "sources/demo.txt"', f'source = "{source}"'))
    result = ipcalc("policies", "check", str(tmp_path / "demo"), timeout=20)
    assert result.returncode == 2
    assert f"policy.source: '{source}' is outside the policy's folder" in result.stderr.decode()
    assert b"quote not found" not in result.stderr  # nothing of the other file is told
    # A computing command refuses the broken folder too.
    assert invoke("estimate", "--policies", str(tmp_path / "demo"), "--region", "demo").exit_code == 2


@pytest.mark.subprocess
def test_a_source_link_or_pipe_leading_out_is_not_read(tmp_path: Path):
    policy = new_policy(tmp_path / "demo")
    secret = tmp_path / "secret.txt"
    secret.write_text(policy.read_text())  # holds every quote: were it read, check would pass
    (tmp_path / "demo" / "sources" / "demo.txt").unlink()
    (tmp_path / "demo" / "sources" / "demo.txt").symlink_to(secret)
    result = ipcalc("policies", "check", str(tmp_path / "demo"), timeout=20)
    assert result.returncode == 2 and b"source file 'sources/demo.txt' cannot be read" in result.stderr
    (tmp_path / "demo" / "sources" / "demo.txt").unlink()
    os.mkfifo(tmp_path / "demo" / "sources" / "demo.txt")
    result = ipcalc("policies", "check", str(tmp_path / "demo"), timeout=20)
    assert result.returncode == 2 and b"source file 'sources/demo.txt' cannot be read" in result.stderr


@pytest.mark.subprocess
def test_a_fifo_in_a_policy_folder_is_a_broken_file_not_a_hang(tmp_path: Path):
    folder = tmp_path / "demo"
    new_policy(folder)
    os.mkfifo(folder / "zz.toml")
    said = f"{folder / 'zz.toml'}: is not a regular file (a device, a named pipe?): only files are read"
    for args in (["estimate", "--region", "demo"], ["batch", str(EXAMPLES)], ["policies", "check", str(folder)]):
        result = ipcalc(*args, "--policies", str(folder), timeout=20) if args[0] != "policies" else ipcalc(*args, timeout=20)
        assert result.returncode == 2, args
        assert said in result.stderr.decode(), args
    listed = ipcalc("policies", "list", "--policies", str(folder), timeout=20)
    assert listed.returncode == 0 and b"xiangzhou" in listed.stdout and said.encode() in listed.stderr


@pytest.mark.subprocess
def test_a_profile_that_is_a_device_or_an_unwritten_pipe_does_not_hang(tmp_path: Path):
    result = ipcalc("estimate", "/dev/zero", timeout=20)
    assert (result.returncode, result.stderr) == (2, b"error: /dev/zero: is not a regular file (a device, a named pipe?): only files are read\n")
    os.mkfifo(tmp_path / "client.toml")
    result = ipcalc("estimate", str(tmp_path / "client.toml"), timeout=20)
    assert (result.returncode, result.stderr) == (2, f"error: {tmp_path / 'client.toml'}: the file is empty\n".encode())
    batch = ipcalc("batch", str(tmp_path / "client.toml"), timeout=20)
    assert batch.returncode == 1 and b"the file is empty" in batch.stdout


@pytest.mark.subprocess
def test_a_pipe_given_as_the_profile_is_read(tmp_path: Path):
    # `ipcalc estimate <(make-profile)`: the shell passes /dev/fd/N, a pipe with a writer.
    code = (
        "import os, subprocess, sys\n"
        "r, w = os.pipe()\n"
        f"p = subprocess.Popen([sys.executable, '-m', 'ipcalc', 'estimate', f'/dev/fd/{{r}}', '-f', 'json'], pass_fds=(r,), stdout=subprocess.PIPE)\n"
        "os.close(r)\n"
        f"os.write(w, open({str(EXAMPLES / 'ningxia-srdi.toml')!r}, 'rb').read()); os.close(w)\n"
        "out = p.communicate()[0]; sys.stdout.write(str(p.returncode) + ' ' + str(b'710500.00' in out))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout == b"0 True", result.stderr


# ------------------------------------------------------------------ 4. silent substitution


def test_a_user_file_replacing_a_bundled_policy_or_the_rates_is_said(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (ROOT / "policies" / "xiangzhou.toml").read_text(encoding="utf-8")
    (folder / "xiangzhou.toml").write_text("\n".join(line for line in text.splitlines() if not line.startswith("source =")) + "\n", encoding="utf-8")
    rates = (ROOT / "policies" / "rates.toml").read_text(encoding="utf-8")
    (folder / "rates.toml").write_text(rates, encoding="utf-8")
    profile = str(EXAMPLES / "xiangzhou-enterprise.toml")
    doc = json_of(invoke("estimate", profile, "--policies", str(folder), "-f", "json"))
    assert warning_texts(doc)[:2] == [
        "rates (LPR and benchmark) read from a file of your own, not the bundled ones",
        "xiangzhou: read from a policy file of your own, which replaces the bundled policy of that id",
    ]
    # Which files: in the warnings' data, for the consultant (no path in a sentence a client reads).
    assert [w.get("path") for w in doc["warnings"][:2]] == [str(folder / "rates.toml"), str(folder / "xiangzhou.toml")]
    assert (doc["policies"][0]["origin"], doc["policies"][0]["path"]) == ("user", str(folder / "xiangzhou.toml"))
    table = invoke("estimate", profile, "--policies", str(folder), "-f", "table").stdout
    # Compared unwrapped: where the table's lines break moves with the temporary path's length.
    assert unspaced("replaces the bundled policy") in unspaced(table)
    assert unspaced("in force · 2023-08-30 – 2025-12-31 · ends 2025-12-31, in 184 days · a policy file of your own") in unspaced(table)
    assert "replaces the bundled" in invoke("estimate", profile, "--policies", str(folder), "-f", "markdown").stdout
    record = json_of(invoke("batch", profile, "--policies", str(folder)))
    assert warning_texts(record)[:2] == warning_texts(doc)[:2]
    assert "read from a file of your own" in invoke("rates", "--policies", str(folder)).stderr
    # The bundled ones say nothing of the kind.
    plain = json_of(invoke("estimate", profile, "-f", "json"))
    assert (plain["policies"][0]["origin"], plain["policies"][0]["path"]) == ("bundled", None)
    assert not any("user file" in w for w in warning_texts(plain))


def test_two_caps_with_one_id_are_an_error(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (ROOT / "policies" / "xiangzhou.toml").read_text(encoding="utf-8")
    start = text.index("[[caps]]")
    end = text.index("\n\n", start)
    (folder / "xiangzhou.toml").write_text(text.replace("source = ", "# source = ") + "\n" + text[start:end] + "\n", encoding="utf-8")
    result = invoke("policies", "check", str(folder))
    assert result.exit_code == 2
    assert "caps[" in result.stderr and "duplicate cap id" in result.stderr


def unspaced(text: str) -> str:
    """Text without any space or line break: what a table says, wherever its lines break."""
    return "".join(text.split())


def json_of(result) -> dict:
    import json
    from decimal import Decimal

    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)


# ------------------------------------------------------------------ 5. formulas and control characters


@pytest.mark.subprocess
def test_csv_cells_a_spreadsheet_would_run_are_defused(tmp_path: Path):
    import csv

    name = '=HYPERLINK("http://evil.example","click")'
    out = invoke("estimate", "--region", "xiangzhou", "--name", name, "--patent-agents", "1", "--as-of", "2025-06-30", "-f", "csv").stdout
    rows = list(csv.DictReader(out.splitlines()))
    assert {row["name"] for row in rows} == {"'" + name}
    # Through batch too, the source column (a file name) included.
    lines = b'{"region": "xiangzhou", "name": "@SUM(A1:A9)", "as_of": "2025-06-30"}\n{"region": "xiangzhou", "name": "+1", "oops": 1}\n'
    out = ipcalc("batch", "-", "-f", "csv", stdin=lines).stdout.decode()
    rows = list(csv.DictReader(out.splitlines()))
    assert rows[0]["name"] == "'@SUM(A1:A9)"
    assert rows[-1]["status"] == "error" and rows[-1]["name"] == ""
    (tmp_path / "=cmd.toml").write_text('region = "xiangzhou"\nas_of = 2025-06-30\n')
    out = ipcalc("batch", "=cmd.toml", "-f", "csv", "--summary", cwd=tmp_path).stdout.decode()
    assert list(csv.DictReader(out.splitlines()))[0]["source"] == "'=cmd.toml"
    # Amounts stay numbers.
    assert rows[0]["amount"] == "0.00"


@pytest.mark.subprocess
@pytest.mark.parametrize("name", ["a\rb", "a\u202eb", "a\x85b", "a\nb", "a\x1b[2Jb"])
def test_control_characters_in_names_are_refused(name: str):
    result = invoke("estimate", "--region", "xiangzhou", "--name", name, "-f", "json")
    assert result.exit_code == 2
    assert "text holds control characters" in result.stderr
    line = ('{"region": "xiangzhou", "name": ' + __import__("json").dumps(name) + "}\n").encode()
    record = ipcalc("batch", "-", stdin=line)
    assert record.returncode == 1 and b"text holds control characters" in record.stdout


def test_control_characters_in_policy_labels_are_refused(tmp_path: Path):
    folder = tmp_path / "demo"
    policy = new_policy(folder)
    text = policy.read_text(encoding="utf-8")
    assert 'label = { en = "' in text
    policy.write_text(text.replace('label = { en = "', 'label = { en = "\\r\\u202e', 1), encoding="utf-8")
    result = invoke("policies", "check", str(folder))
    assert result.exit_code == 2 and "text holds control characters (a new line, a tab, a bidirectional or C1 control)" in result.stderr


@pytest.mark.subprocess
def test_a_file_name_cannot_drive_the_terminal(tmp_path: Path):
    bad = tmp_path / "bad\x1b[2Jname.toml"
    bad.write_text("")
    result = ipcalc("estimate", str(bad))
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"bad\\x1b[2Jname.toml: the file is empty" in result.stderr


# ------------------------------------------------------------------ 6-9. batch workers

LINE = b'{"region":"xiangzhou","as_of":"2025-06-30","patent_agents":1,"loans":[{"principal":3000000,"months":12}]}\n'


@pytest.fixture(scope="module")
def many_lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lines") / "simple.jsonl"
    path.write_bytes(LINE * 30_000)
    return path


def group_members(pgid: int) -> list[str]:
    """The processes still in a process group (a batch and its workers)."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[2] == str(pgid) and fields[0] != "Z":
                found.append(pid)
    return found


def start_batch(many_lines: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ipcalc", "batch", "-", "-j", "2", *args],
        stdin=many_lines.open("rb"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # its own process group, as a shell job has
        preexec_fn=default_signals,  # as in a terminal's foreground job
    )


def after_records(batch: subprocess.Popen, count: int) -> bytes:
    """Wait until the batch has written `count` records (its readiness: by then it has set up
    its signal handling, and the records show how far it has gone); what it wrote."""
    assert batch.stdout is not None
    read = b"".join(batch.stdout.readline() for _ in range(count))
    assert read.count(b"\n") == count, "the batch ended early"
    return read


def no_member_left(pgid: int) -> list[str]:
    """The members of a process group still there, waited for (at most 10 s) rather than
    slept on: an exited batch's workers are reaped by it, or by init a moment later."""
    import time

    deadline = time.monotonic() + 10
    found = group_members(pgid)
    while found and time.monotonic() < deadline:
        time.sleep(0.01)
        found = group_members(pgid)
    return found


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_reader_that_closes_the_pipe_ends_the_batch_quietly(many_lines: Path):
    for _ in range(5):
        shell = f"{sys.executable} -m ipcalc batch - -j 2 < {many_lines} | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"
        result = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.stdout == b"0\n" and result.stderr == b""


#: records written before the signal: while the first chunk is answered in the batch's own
#: process (50 profiles), as the workers start, and in full flow
STAGES = (1, 51, 600)


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
@pytest.mark.parametrize("signame, status", [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129), ("SIGQUIT", 131)])
def test_a_signal_stops_a_large_batch_and_its_workers(many_lines: Path, signame: str, status: int):
    import signal

    for stage in STAGES:  # at whatever point it arrives
        batch = start_batch(many_lines)
        before = after_records(batch, stage)
        os.killpg(batch.pid, getattr(signal, signame))  # as Ctrl-C reaches the whole job
        out, err = batch.communicate(timeout=30)  # never a hang
        assert batch.returncode == status, err
        assert b"Traceback" not in err and b"Error" not in err, err
        assert (before + out).endswith(b"\n")  # no torn last record
        assert no_member_left(batch.pid) == []  # no worker left behind


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_sigterm_to_the_batch_alone_takes_its_workers_with_it(many_lines: Path):
    import signal

    batch = start_batch(many_lines)
    after_records(batch, 300)
    os.kill(batch.pid, signal.SIGTERM)
    _, err = batch.communicate(timeout=30)
    assert batch.returncode == 143 and err == b""
    assert no_member_left(batch.pid) == []


def ignoring_sighup() -> None:
    default_signals()
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` starts a command


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_signal_ignored_on_purpose_stays_ignored(many_lines: Path):
    # `nohup ipcalc batch ...`: the terminal closing (SIGHUP) does not stop it.
    import signal

    batch = subprocess.Popen(
        [sys.executable, "-m", "ipcalc", "batch", "-", "-j", "2"],
        stdin=many_lines.open("rb"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
        preexec_fn=ignoring_sighup,
    )
    after_records(batch, 60)
    os.killpg(batch.pid, signal.SIGHUP)
    after_records(batch, 600)  # it goes on
    os.killpg(batch.pid, signal.SIGTERM)
    _, err = batch.communicate(timeout=30)
    assert batch.returncode == 143 and err == b""
    assert no_member_left(batch.pid) == []


def _big_answers(chunk: list[int]) -> list[str]:
    return ["x" * 4000] * len(chunk)  # 800 KB a chunk: more than a pipe holds


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_eight_workers_never_hang_when_the_reader_stops():
    import time

    from ipcalc.workers import Pool

    for _ in range(10):
        began = time.monotonic()
        with pytest.raises(BrokenPipeError):
            with Pool(_big_answers, 8) as pool:
                for n, _answer in enumerate(pool.map([list(range(200))] * 400)):
                    if n == 30:
                        raise BrokenPipeError  # what writing to a closed pipe raises
        assert time.monotonic() - began < 10
        assert children() == []
    with Pool(_big_answers, 8) as pool:
        assert sum(len(answer) for answer in pool.map([list(range(200))] * 100)) == 20_000
    assert children() == []


def children() -> list[str]:
    me = str(os.getpid())
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                found.append(pid)
    return found


def _square(chunk: list[int]) -> list[int]:
    return [n * n for n in chunk]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_worker_that_dies_is_replaced_by_this_process():
    import signal

    from ipcalc.workers import Pool

    chunks = [list(range(k * 10, k * 10 + 10)) for k in range(50)]
    with Pool(_square, 2) as pool:
        answers = []
        for n, answer in enumerate(pool.map(chunks)):
            answers.append(answer)
            if n == 5:
                os.kill(pool.workers[1].pid, signal.SIGKILL)
    assert answers == [_square(c) for c in chunks]  # nothing lost, nothing out of order
    assert pool.notes[0][0] == "worker_lost" and "signal 9" in pool.notes[0][1]["how"]
    assert children() == []


def test_a_fork_that_fails_leaves_fewer_workers(monkeypatch: pytest.MonkeyPatch):
    from ipcalc import workers

    real = os.fork
    calls = []

    def fork() -> int:
        calls.append(1)
        if len(calls) > 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(workers.os, "fork", fork)
    chunks = [list(range(k, k + 5)) for k in range(40)]
    with workers.Pool(_square, 4) as pool:
        assert len(pool.workers) == 1
        assert list(pool.map(chunks)) == [_square(c) for c in chunks]
    assert pool.notes == [("workers_fewer", {"started": 1, "asked": 4, "reason": "Resource temporarily unavailable"})]
    monkeypatch.setattr(workers.os, "fork", lambda: (_ for _ in ()).throw(BlockingIOError(11, "Resource temporarily unavailable")))
    with workers.Pool(_square, 4) as pool:  # none at all: answered here
        assert list(pool.map(chunks)) == [_square(c) for c in chunks]


@pytest.mark.subprocess
def test_jobs_are_capped_at_the_cpus(many_lines: Path):
    from ipcalc.batch import usable_cpus

    cpus = usable_cpus()
    lines = LINE * 300
    result = ipcalc("batch", "-", "-j", "1000", stdin=lines, timeout=120)
    assert result.returncode == 0
    assert result.stderr.decode() == f"warning: --jobs 1000: {cpus} CPUs are usable; using {cpus} workers\n"
    assert result.stdout.count(b"\n") == 300


@pytest.mark.subprocess
def test_one_bad_record_does_not_sink_the_batch(tmp_path: Path):
    import json

    deep = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    lines = LINE + deep + b'{"region": "xiangzhou", "n": ' + b"9" * 5000 + b"}\n" + b'{"region": "xiangzhou", "region": "ningxia"}\n' + LINE
    result = ipcalc("batch", "-", "-j", "1", stdin=lines)
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == ["<stdin>:1", "<stdin>:2", "<stdin>:3", "<stdin>:4", "<stdin>:5"]
    assert "total" in records[0] and "total" in records[4]
    assert records[1]["error"] == "<stdin>:2: arrays or objects nested too deeply: not a profile"
    assert records[2]["error"] == "<stdin>:3: an integer of more than 4,300 digits"
    assert records[3]["error"] == "<stdin>:4: the key 'region' is given twice in one object"
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.toml").write_text('region = "xiangzhou"\nas_of = 2025-06-30\npatent_agents = 1\n')
    (folder / "b.toml").write_text('region = "xiangzhou"\nforeign_trademarks = ' + "9" * 5000 + "\n")
    (folder / "c.toml").write_text('region = "xiangzhou"\nx = ' + "[" * 2000 + "]" * 2000 + "\n")
    (folder / "d.toml").write_text('region = "xiangzhou"\nas_of = 2025-06-30\npatent_agents = 2\n')
    result = ipcalc("batch", str(folder))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1 and len(records) == 4
    assert records[0]["total"] == 10000 and records[3]["total"] == 20000  # Xiangzhou clause 17: 10,000 an agent
    assert records[1]["error"] == f"{folder / 'b.toml'}: an integer of more than 4,300 digits"
    assert records[2]["error"] == f"{folder / 'c.toml'}:2: keys, tables or arrays nested more than 32 deep: no profile or policy needs that"


@pytest.mark.subprocess
def test_a_chunk_for_a_worker_carries_only_its_profiles(tmp_path: Path):
    import json
    import pickle

    from ipcalc.batch import _stripped, entries

    many = tmp_path / "many.toml"
    many.write_text(
        "".join(f'[[profiles]]\nname = "client {n}"\nregion = "xiangzhou"\nas_of = 2025-06-30\npatent_agents = 1\n\n' for n in range(3000))
    )
    chunk = list(entries([str(many)], None))[:200]
    assert len(pickle.dumps(_stripped(chunk))) < len(many.read_bytes()) / 5
    # A profile answered by a worker still gets the line of its problem in the file.
    text = many.read_text().replace('name = "client 2500"\nregion = "xiangzhou"', 'name = "client 2500"\nregion = "atlantis"')
    many.write_text(text)
    result = ipcalc("batch", str(many), "-j", "2")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3000
    assert (
        records[2500]["error"]
        == f"{many}:{6 * 2500 + 3}: profiles[2500].region: unknown region 'atlantis'; allowed: ningxia, shaoyang, sichuan, xiangzhou. A region of your own comes with its policy folder: give it with --policies DIR (or set IPCALC_POLICIES)"
    )


# ------------------------------------------------------------------ 10-13. bounded input


@pytest.mark.parametrize(
    "line, field",
    [
        ("[[loans]]\nprincipal = 1000000\nmonths = 1e1000000", "loans[0].months: 1E+1000000"),
        ("[[loans]]\nprincipal = 1000000\nmonths = 1e999999999", "loans[0].months: 1E+999999999"),
        ("foreign_trademarks = 1e5000", "foreign_trademarks: 1E+5000"),
        ("[[loans]]\nprincipal = 1e40\nmonths = 12", "loans[0].principal: 1E+40"),
    ],
)
@pytest.mark.subprocess
def test_huge_exponents_are_refused_at_once(tmp_path: Path, line: str, field: str):
    profile = tmp_path / "p.toml"
    profile.write_text(f'region = "xiangzhou"\n{line}\n')
    result = ipcalc("estimate", str(profile), timeout=20)  # it used to run for minutes
    assert result.returncode == 2
    assert f"{field} is far too large for any field (at most 10^30)" in result.stderr.decode()
    record = ipcalc("batch", "-", stdin=b'{"region": "xiangzhou", "foreign_trademarks": 1e999999999}\n', timeout=20)
    assert b"foreign_trademarks: 1E+999999999 is far too large" in record.stdout
    flag = invoke("estimate", "--region", "xiangzhou", "--loan", "principal=1e999999,months=12")
    assert flag.exit_code == 2 and "is far too large" in flag.stderr


@pytest.mark.parametrize(
    "body, said",
    [
        ("foreign_trademarks = " + "9" * 4301, "an integer of more than 4,300 digits"),
        ("x = " + "[" * 1000 + "]" * 1000, "keys, tables or arrays nested more than 32 deep"),
        ("x = " + "[\n" * 1000 + "]\n" * 1000, "keys, tables or arrays nested more than 32 deep"),
        ("[" + ".".join(["a"] * 100_000) + "]", "keys, tables or arrays nested more than 32 deep"),
    ],
)
@pytest.mark.subprocess
def test_files_that_would_crash_the_toml_reader_are_errors(tmp_path: Path, body: str, said: str):
    profile = tmp_path / "p.toml"
    profile.write_text(f'region = "xiangzhou"\n{body}\n')
    # In a process of its own, as a shell runs it (a crash of the interpreter would show)...
    result = ipcalc("estimate", str(profile), timeout=30)
    assert result.returncode == 2 and said in result.stderr.decode() and b"Traceback" not in result.stderr
    # ...and every other command that reads the file the same way.
    for command in ("compare", "opportunities"):
        other = invoke(command, str(profile))
        assert other.exit_code == 2 and said in other.stderr and "Traceback" not in other.stderr, command
    batch = invoke("batch", str(profile))
    assert batch.exit_code == 1 and said in batch.stdout
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "bad.toml").write_text(body + "\n")
    checked = ipcalc("policies", "check", str(folder), timeout=30)
    assert checked.returncode == 2 and said.encode() in checked.stderr and b"Traceback" not in checked.stderr
    listed = ipcalc("policies", "list", "--policies", str(folder), timeout=30)
    assert listed.returncode == 0 and b"xiangzhou" in listed.stdout and said.encode() in listed.stderr


@pytest.mark.subprocess
def test_a_closed_standard_input_is_said():
    for args in (["batch", "-"], ["estimate", "-"]):
        result = (
            ipcalc(*args, stdin=None, stdin_closed=True)
            if False
            else subprocess.run(
                [sys.executable, "-m", "ipcalc", *args],
                capture_output=True,
                timeout=30,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdin=subprocess.DEVNULL,
                preexec_fn=lambda: os.close(0),
            )
        )
        assert result.returncode == 2, args
        assert result.stderr == b"error: <stdin>: standard input is closed: give a file, or pipe the profiles in\n", args


@pytest.mark.subprocess
def test_problems_are_reported_in_linear_time_and_capped(tmp_path: Path):
    # 10,000 loans each missing `months`: each problem's line is found through an index of
    # the file's headers (it used to scan the file again for each: 20,000 took minutes).
    profile = tmp_path / "p.toml"
    profile.write_text('region = "xiangzhou"\n' + "[[loans]]\nprincipal = 1000000\n\n" * 10_000)
    result = ipcalc("estimate", str(profile), timeout=60)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 51
    assert lines[0] == f"error: {profile}:2: loans[0].months: missing; this field is required (term in months)"
    assert lines[49] == f"error: {profile}:{2 + 49 * 3}: loans[49].months: missing; this field is required (term in months)"
    assert lines[50] == f"error: {profile}: … and 9950 more problems in this file"


def test_line_of_finds_entries_by_index():
    from ipcalc.toml_text import line_of

    text = 'region = "x"\n' + "[[loans]]\nprincipal = 1\n\n" * 5 + "[policy]\nid = 'a'\n[policy.notice]\ntext = 'b'\n"
    assert [line_of(text, f"loans[{k}].principal") for k in range(5)] == [3, 6, 9, 12, 15]
    assert line_of(text, "loans[2]") == 8
    assert line_of(text, "policy.id") == 18
    assert line_of(text, "policy.notice.text") == 20
    assert line_of("amount = [\n  { a = 1 },\n  { a = 2 },\n]\n", "amount[1].a") == 3


@pytest.mark.subprocess
def test_sizes_are_bounded_before_parsing(tmp_path: Path):
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b'region = "xiangzhou"\n' + b"#" * (10 * 1024 * 1024) + b"\n")
    result = ipcalc("estimate", str(huge), timeout=30)
    assert (result.returncode, result.stderr.decode()) == (2, f"error: {huge}: is larger than 10 MiB, the most ipcalc reads from one file\n")
    piped = ipcalc("estimate", "-", stdin=huge.read_bytes(), timeout=30)
    assert piped.returncode == 2 and b"<stdin>: is larger than 10 MiB" in piped.stderr
    many = tmp_path / "many.toml"
    many.write_text('region = "xiangzhou"\n' + "[[loans]]\nprincipal = 1\nmonths = 1\n" * 10_001)
    result = ipcalc("estimate", str(many), timeout=60)
    assert result.stderr.decode() == f"error: {many}: loans: 10001 entries; a profile holds at most 10000 of a kind\n"
    long_line = b'{"region": "xiangzhou", "name": "' + b"x" * (1024 * 1024) + b'"}\n'
    record = ipcalc("batch", "-", stdin=long_line + LINE, timeout=30)
    assert record.stdout.splitlines()[0] == b'{"source":"<stdin>:1","error":"<stdin>:1: the line is longer than 1 MiB: not a profile"}'
    assert b'"source":"<stdin>:2"' in record.stdout.splitlines()[1]


# ------------------------------------------------------------------ 14. a failed write


@pytest.mark.subprocess
def test_a_full_disk_is_said_with_its_own_exit_status():
    result = subprocess.run(
        [sys.executable, "-m", "ipcalc", "batch", "-", "-j", "1"],
        input=LINE * 2000,
        stdout=open("/dev/full", "wb"),
        stderr=subprocess.PIPE,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 3
    assert result.stderr == b"error: <stdout>: cannot write the output: No space left on device; the records written before are whole\n"
    for args in (["estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-f", "json"], ["rates"]):
        one = subprocess.run(
            [sys.executable, "-m", "ipcalc", *args],
            stdout=open("/dev/full", "wb"),
            stderr=subprocess.PIPE,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert one.returncode == 3 and one.stderr.startswith(b"error: <stdout>: cannot write the output: No space left on device"), args


@pytest.mark.subprocess
@pytest.mark.parametrize("unbuffered", ["", "1"])
@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "examples/xiangzhou-enterprise.toml", "-f", "json"],
        ["opportunities", "examples/xiangzhou-enterprise.toml", "-f", "json"],
        ["compare", "examples/xiangzhou-enterprise.toml", "-f", "json"],
        ["report", "examples/xiangzhou-enterprise.toml", "-o", "-"],
        ["policies", "show", "xiangzhou"],
        ["init", "-"],
    ],
    ids=" ".join,
)
def test_a_file_that_reaches_its_size_limit_is_a_write_failure(tmp_path: Path, args: list[str], unbuffered: str):
    # Under `ulimit -f 4` with PYTHONUNBUFFERED=1 (as containers often set), these once exited 0
    # with the first 4 KiB written: the system cut the write short and Python took it as done.
    import resource

    def small_files() -> None:  # a write past 4 KiB fails (EFBIG) or is cut short there
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": unbuffered}
    result = subprocess.run(
        [sys.executable, "-m", "ipcalc", *args], stdout=out.open("wb"), stderr=subprocess.PIPE, timeout=60, cwd=ROOT, env=env, preexec_fn=small_files
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr == b"error: <stdout>: cannot write the output: File too large\n"
    assert out.stat().st_size == 4096


@pytest.mark.subprocess
def test_a_file_cut_short_ends_with_a_whole_record(tmp_path: Path):
    import json
    import resource

    out = tmp_path / "out.jsonl"

    def small_files() -> None:  # writes past 48 KB fail with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, resource.RLIM_INFINITY))

    result = subprocess.run(
        [sys.executable, "-m", "ipcalc", "batch", "-", "-j", "1"],
        input=LINE * 2000,
        stdout=out.open("wb"),
        stderr=subprocess.PIPE,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=small_files,
    )
    assert result.returncode == 3 and b"cannot write the output: File too large" in result.stderr
    text = out.read_bytes()
    assert text and text.endswith(b"\n")
    assert all(json.loads(line)["total"] for line in text.splitlines())


# ------------------------------------------------------------------ 15. text that is not UTF-8


@pytest.mark.subprocess
def test_input_that_is_not_utf8_is_refused_and_output_stays_utf8(tmp_path: Path):
    import json

    lines = b'{"region": "xiangzhou", "name": "caf\xe9"}\n' + LINE
    for env in ({"LC_ALL": "C"}, {"LC_ALL": "C.UTF-8"}):
        result = ipcalc("batch", "-", stdin=lines, env=env)
        out = result.stdout.decode("utf-8")  # valid UTF-8, whatever the locale
        records = [json.loads(line) for line in out.splitlines()]
        assert records[0] == {"source": "<stdin>:1", "error": "<stdin>:1: not UTF-8 text (byte 0xE9 at column 37); write the lines in UTF-8"}
        assert "total" in records[1]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.toml")).write_text('region = "xiangzhou"\nas_of = 2025-06-30\n')
    result = ipcalc("batch", str(folder), env={"LC_ALL": "C"})
    assert json.loads(result.stdout.decode("utf-8"))["source"] == f"{folder}/caf\\xe9.toml"
    named = subprocess.run(
        [sys.executable.encode(), b"-m", b"ipcalc", b"estimate", b"--region", b"xiangzhou", b"--name", b"caf\xe9"],
        capture_output=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert named.returncode == 2 and named.stderr == b"error: --name: name: text that is not UTF-8: give it in UTF-8\n"
    chinese = ipcalc("estimate", str(EXAMPLES / "ningxia-srdi.toml"), "--lang", "zh", "-f", "json", env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii"})
    assert chinese.returncode == 0 and "专精特新" in chinese.stdout.decode("utf-8")


# ------------------------------------------------------------------ 16-19. wrong output


def test_an_amount_cut_by_an_aggregate_cap_keeps_its_fen():
    # Xiangzhou clause 6: 50% of the benchmark rate, at most 400,000 for all loans together.
    # 50% × 4.35% × 20,000,000 × 12/12 = 435,000 → cut to 400,000.00; the second loan,
    # 50% × 4.35% × 1,000,000 = 21,750, finds no room left: 0.00.
    result = invoke(
        "estimate",
        "--region",
        "xiangzhou",
        "--as-of",
        "2025-06-30",
        "-f",
        "json",
        "--loan",
        "principal=20000000,months=12,issued=2024-03-01",
        "--loan",
        "principal=1000000,months=12,issued=2024-04-01",
    )
    assert '"amount": 400000.00,' in result.stdout and '"amount": 0.00,' in result.stdout
    assert '"amount": 400000,' not in result.stdout and '"amount": 0,' not in result.stdout


def test_negative_zero_is_zero():
    doc = json_of(invoke("estimate", "--region", "xiangzhou", "--as-of", "2025-06-30", "--insurance", "premium=-0.0,date=2025-01-01", "-f", "json"))
    item = next(i for i in doc["policies"][0]["items"] if i["rule"] == "patent_insurance")
    assert item["basis"] == "25% × 0.0" and str(item["amount"]) == "0.00"
    result = invoke(
        "estimate",
        "--region",
        "ningxia",
        "--as-of",
        "2025-06-30",
        "--lpr",
        "-0%",
        "-f",
        "json",
        "--loan",
        "principal=1000000,months=12,issued=2024-03-01,repaid,pledge_share=1",
    )
    assert "1-year LPR 0.00%, as given for this estimate" in result.stdout and "-0.00%" not in result.stdout and "-0 " not in result.stdout


@pytest.mark.subprocess
def test_a_key_twice_in_a_json_line_is_refused_as_in_toml(tmp_path: Path):
    record = ipcalc("batch", "-", stdin=b'{"region": "xiangzhou", "as_of": "2025-06-30", "loans": [{"principal": 1, "months": 12, "months": 24}]}\n')
    assert record.stdout == b'{"source":"<stdin>:1","error":"<stdin>:1: the key \'months\' is given twice in one object"}\n'
    toml = tmp_path / "p.toml"
    toml.write_text('region = "xiangzhou"\nregion = "ningxia"\n')
    assert invoke("estimate", str(toml)).exit_code == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_endless_line_is_an_error_record_at_once(jobs: str):
    # `batch - < /dev/zero` once spun forever with no output: the line's error record is
    # written as soon as it passes the limit (the rest of the line is then skipped).
    with open("/dev/zero", "rb") as zero:
        batch = subprocess.Popen(
            [sys.executable, "-m", "ipcalc", "batch", "-", "-j", jobs],
            stdin=zero,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            assert batch.stdout is not None
            line = batch.stdout.readline()  # the readiness signal: the record itself
            assert line == b'{"source":"<stdin>:1","error":"<stdin>:1: the line is longer than 1 MiB: not a profile"}\n'
        finally:
            batch.kill()
            batch.communicate()


def read_lines(stream, count: int, seconds: float) -> list[bytes]:
    """`count` lines from a pipe, or fewer if they do not all come within `seconds`."""
    import select
    import time

    deadline = time.monotonic() + seconds
    fd = stream.fileno()
    data = b""
    while data.count(b"\n") < count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        block = os.read(fd, 1 << 16)
        if not block:
            break
        data += block
    return data.splitlines(keepends=True)


@pytest.mark.subprocess
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pipe_held_open_gets_every_record_it_has_sent(jobs: str):
    # Once, records were held until a chunk of 200 filled: 250 profiles into a pipe that
    # stays open gave 50 records, and Ctrl-C then lost the other 200.
    import signal
    import time

    batch = subprocess.Popen(
        [sys.executable, "-m", "ipcalc", "batch", "-", "-j", jobs, "--summary"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
        preexec_fn=default_signals,
    )
    assert batch.stdin is not None and batch.stdout is not None
    try:
        batch.stdin.write(LINE)
        batch.stdin.flush()
        assert len(read_lines(batch.stdout, 1, 30)) == 1  # the readiness signal: it has started
        sent = time.monotonic()
        batch.stdin.write(LINE * 249)
        batch.stdin.flush()
        records = read_lines(batch.stdout, 249, 30)
        waited = time.monotonic() - sent
        assert len(records) == 249 and all(r.startswith(b'{"source":"<stdin>:') for r in records)
        assert records[-1].startswith(b'{"source":"<stdin>:250",')
        assert waited < 5  # a second or so on a quiet machine: they are answered as they come
        os.killpg(batch.pid, signal.SIGINT)  # Ctrl-C now loses nothing: everything was written
        out, _ = batch.communicate(timeout=30)
        assert batch.returncode == 130 and out == b""
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.communicate()


@pytest.mark.subprocess
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_endless_line_is_written_at_once_into_a_file_too(tmp_path: Path, jobs: str):
    # With standard output a file, the over-long line's record once waited for the input's end.
    import time

    out = tmp_path / "out.jsonl"
    with open("/dev/zero", "rb") as zero, out.open("wb") as sink:
        batch = subprocess.Popen(
            [sys.executable, "-m", "ipcalc", "batch", "-", "-j", jobs],
            stdin=zero,
            stdout=sink,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    try:
        deadline = time.monotonic() + 30
        while not out.read_bytes().endswith(b"\n") and time.monotonic() < deadline and batch.poll() is None:
            time.sleep(0.01)  # polling the file for the record: the readiness it waits for
        assert out.read_bytes() == b'{"source":"<stdin>:1","error":"<stdin>:1: the line is longer than 1 MiB: not a profile"}\n'
    finally:
        batch.kill()
        batch.communicate()


def test_a_chunk_is_cut_by_the_bytes_of_its_profiles():
    # Profiles of 600 KB each: two to a chunk (1 MiB is passed by the second), not 200.
    from ipcalc.batch import CHUNK, CHUNK_BYTES, Entry, _take

    big = iter([Entry(f"p{i}", line="{}", size=600_000) for i in range(10)])
    assert [len(_take(big, CHUNK)[0]) for _ in range(5)] == [2, 2, 2, 2, 2]
    small = iter([Entry(f"p{i}", line="{}", size=100) for i in range(450)])
    assert [len(_take(small, CHUNK)[0]) for _ in range(3)] == [200, 200, 50]
    assert CHUNK_BYTES == 1024 * 1024


@pytest.mark.parametrize("written", ["1e28", "inf", "sNaN", "nan", "-5", "12,3x", "1" * 14])
def test_an_amount_in_a_note_that_is_not_one_is_said_by_check(tmp_path: Path, written: str):
    # `{yuan:1e28}` (or inf, sNaN) in a note passed `check`, then estimate json/csv, report and
    # `policies show` raised decimal.InvalidOperation; `{yuan:nan}` printed "NaN".
    policy = new_policy(tmp_path / "demo")
    text = policy.read_text(encoding="utf-8")
    note = f'note = {{ en = "pays {{yuan:{written}}}", zh = "支付{{yuan:{written}}}" }}'
    start = text.index("\nnote = ", text.index("[[rules]]")) + 1  # the first rule's note
    policy.write_text(text[:start] + note + text[text.index("\n", start) :], encoding="utf-8")
    check = invoke("policies", "check", str(tmp_path / "demo"))
    assert check.exit_code == 2
    assert f"{{yuan:{written}}} is not an amount: write digits, like {{yuan:400000}}" in check.stderr, check.stderr
    # Said as written, never computed, where a note is shown anyway (the Python API's text).
    from ipcalc.i18n import Text

    assert Text(f"pays {{yuan:{written}}}", "x")("en") == f"pays {{yuan:{written}}}"
    assert Text("pays {yuan:1,500.50}", "x")("en") == "pays 1,500.50"


LOAN = {
    "region": "ningxia",
    "srdi": True,
    "loans": [
        {"principal": 1000000, "months": 12, "issued": "2024-03-01", "rate": Decimal("0.0365"), "pledge_share": Decimal("0.6"), "repaid": True}
    ],
}


@pytest.mark.parametrize(
    "lpr, said",
    [
        (Decimal("-1"), "lpr: -1 is outside [0, 1]; give a fraction"),
        (Decimal("NaN"), "lpr: expected a finite number, got 'NaN'"),
        (Decimal("Infinity"), "lpr: expected a finite number, got 'Infinity'"),
        (Decimal("sNaN"), "lpr: expected a finite number, got 'sNaN'"),
        (True, "lpr: expected a rate such as 0.03 or 3%, got true"),
        ([0.03], "lpr: expected a rate such as 0.03 or 3%, got a list"),
    ],
)
def test_the_api_checks_an_lpr_given_as_a_number(lpr: object, said: str):
    # A Decimal lpr was not checked: Decimal('-1') gave a total of -1,000,000.00 for a
    # 1,000,000 Ningxia loan; NaN and Infinity raised InvalidOperation.
    import ipcalc
    from ipcalc.errors import IpcalcError

    with pytest.raises(IpcalcError) as raised:
        ipcalc.estimate(LOAN, as_of="2024-12-31", lpr=lpr)
    assert str(raised.value) == said
    given = ipcalc.estimate(LOAN, as_of="2024-12-31", lpr=Decimal("0.0345")).to_dict()
    assert given["total"] > 0 and given == ipcalc.estimate(LOAN, as_of="2024-12-31", lpr="3.45%").to_dict()


def test_the_api_says_what_it_cannot_do_with_a_format_or_a_library():
    # `text('xlsx')` raised KeyError and `library="x"` AttributeError.
    import ipcalc
    from ipcalc.errors import IpcalcError
    from ipcalc.render import formats

    result = ipcalc.estimate(LOAN, as_of="2024-12-31")
    with pytest.raises(IpcalcError) as raised:
        result.text("xlsx")
    offered = ", ".join(repr(name) for name in formats.names("estimate"))  # 'table', 'json', ...
    assert str(raised.value) == f"format: 'xlsx' is not a text format of this result; one of {offered} (a workbook: .save(path) or .to_bytes())"
    with pytest.raises(IpcalcError) as raised:
        ipcalc.report(LOAN, as_of="2024-12-31").text("xlsx")
    assert str(raised.value) == "format: this result is a workbook, not text: .save(path) writes it, .to_bytes() gives it"
    with pytest.raises(IpcalcError) as raised:
        ipcalc.estimate(LOAN, library="x")  # type: ignore[arg-type]
    assert str(raised.value) == "library: expected a library from ipcalc.load_library(...), got 'x'"


# ------------------------------------------------------------------ paths, checked once


LONG = "a" * 300  # a name over the 255 bytes a file name may have


@pytest.mark.parametrize(
    "args",
    [
        ["init", LONG + ".toml"],
        ["estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--save", LONG + ".toml"],
        ["report", str(EXAMPLES / "xiangzhou-enterprise.toml"), "-o", LONG + ".xlsx"],
        ["report", LONG + ".toml", "-o", "out.xlsx"],
        ["batch", LONG + ".toml"],
        ["policies", "check", LONG],
        ["policies", "test", LONG],
        ["estimate", "--region", "xiangzhou", "--policies", LONG],
        ["estimate", LONG + ".toml"],
    ],
    ids=lambda args: " ".join(a if len(a) < 40 else "LONG" for a in args),
)
def test_a_path_that_cannot_be_looked_at_is_a_clear_error(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Each once raised OSError (File name too long) with a traceback.
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and result.stderr.endswith(": File name too long\n"), result.stderr
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_a_policy_folder_from_the_environment_that_cannot_be_looked_at(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("IPCALC_POLICIES", "/tmp/" + LONG)
    result = invoke("estimate", "--region", "xiangzhou")
    assert (result.exit_code, result.stderr) == (2, f"error: /tmp/{LONG}: cannot use this path: File name too long\n")


@pytest.mark.parametrize(
    "args", [["init", "{}", "--force"], ["estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--save", "{}", "--force"]], ids=["init", "save"]
)
def test_a_fifo_is_never_written_into_nor_replaced(args: list[str], tmp_path: Path):
    # Both once blocked forever opening the FIFO.
    fifo = tmp_path / "client.toml"
    os.mkfifo(fifo)
    result = ipcalc(*[a.replace("{}", str(fifo)) for a in args], timeout=30)
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == f"error: {fifo}: is a device, a named pipe or a socket: ipcalc writes only regular files (- writes to standard output)\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("args", [["init", "{}"], ["estimate", str(EXAMPLES / "xiangzhou-enterprise.toml"), "--save", "{}"]], ids=["init", "save"])
def test_a_dangling_link_is_never_followed(args: list[str], tmp_path: Path):
    # Both once created the file where a dangling link pointed, with or without --force.
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "client.toml"
    link.symlink_to(tmp_path / "elsewhere" / "victim.toml")
    refused = invoke(*[a.replace("{}", str(link)) for a in args])
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"error: {link}: is a link; pass --force to replace the link itself (what it points to is never written)\n",
    )
    forced = invoke(*[a.replace("{}", str(link)) for a in args], "--force")
    assert forced.exit_code == 0, forced.output
    assert not link.is_symlink() and link.is_file()  # the link itself replaced
    assert list((tmp_path / "elsewhere").iterdir()) == []  # nothing written where it pointed


def test_report_never_replaces_a_device_or_its_input_and_keeps_a_files_mode(tmp_path: Path):
    # `report -o /dev/null` replaced the system's node (as root); `report client.toml -o
    # client.toml` replaced the profile without --force; a 0600 workbook came back 0644.
    client = tmp_path / "client.toml"
    client.write_bytes((EXAMPLES / "xiangzhou-enterprise.toml").read_bytes())
    device = invoke("report", str(client), "-o", "/dev/null")
    assert (device.exit_code, device.stderr) == (
        2,
        "error: /dev/null: is a device, a named pipe or a socket: ipcalc writes only regular files (- writes to standard output)\n",
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    itself = invoke("report", str(client), "-o", str(client))
    assert (itself.exit_code, itself.stderr) == (2, f"error: {client}: is the profile being read: write the output to another file\n")
    assert client.read_bytes() == (EXAMPLES / "xiangzhou-enterprise.toml").read_bytes()
    book = tmp_path / "client.xlsx"
    book.write_bytes(b"an older workbook")
    book.chmod(0o600)
    assert invoke("report", str(client), "-o", str(book)).exit_code == 0
    assert book.read_bytes()[:2] == b"PK" and stat.S_IMODE(book.stat().st_mode) == 0o600


@pytest.mark.subprocess
@pytest.mark.parametrize("signame, status", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
def test_a_signal_while_a_workbook_is_written_leaves_nothing_behind(tmp_path: Path, signame: str, status: int):
    # SIGTERM or SIGHUP once killed ipcalc with `.NAME.<hex>.part` left beside the workbook.
    import signal
    import time

    clients = tmp_path / "clients.jsonl"
    clients.write_bytes(LINE * 3000)
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(3):  # at whatever point of the writing it arrives
        report = subprocess.Popen(
            [sys.executable, "-m", "ipcalc", "report", "-", "-o", str(out / "list.xlsx"), "-j", "1", "-q"],
            stdin=clients.open("rb"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            start_new_session=True,
            preexec_fn=default_signals,
        )
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".part") for p in out.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.005)  # polling for the readiness: the file being written is there
        os.killpg(report.pid, getattr(signal, signame))
        _, err = report.communicate(timeout=30)
        left = sorted(p.name for p in out.iterdir())
        assert (report.returncode, left) == (status, []), err  # no .part, and no half workbook
        assert b"Traceback" not in err


def test_policies_new_force_never_opens_nor_replaces_a_fifo(tmp_path: Path):
    # `--force` once hung opening a FIFO named ID.toml for writing; then it replaced the FIFO.
    # An output is renamed only over a regular file (or a link): the FIFO is said, and stays.
    os.mkfifo(tmp_path / "demo.toml")
    result = ipcalc("policies", "new", "demo", str(tmp_path), "--force", timeout=30)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"error: {tmp_path / 'demo.toml'}: is a device, a named pipe or a socket: ipcalc writes only regular files (- writes to standard output)\n"
    )
    assert stat.S_ISFIFO(os.lstat(tmp_path / "demo.toml").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.toml"]  # nothing else written


def test_policies_new_never_writes_through_a_link(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "demo"
    folder.mkdir()
    # A link where a file goes (dangling, or to a file elsewhere): replaced, its target untouched.
    (folder / "demo.cases.toml").symlink_to(outside / "victim.txt")
    (outside / "kept.txt").write_text("mine", encoding="utf-8")
    (folder / "vocabulary.toml").symlink_to(outside / "kept.txt")
    refused = invoke("policies", "new", "demo", str(folder))
    assert refused.exit_code == 2 and "demo.cases.toml: is a link; pass --force to replace the link itself" in refused.stderr
    assert invoke("policies", "new", "demo", str(folder), "--force").exit_code == 0
    assert not (outside / "victim.txt").exists() and (outside / "kept.txt").read_text(encoding="utf-8") == "mine"
    assert not (folder / "vocabulary.toml").is_symlink()
    # A `sources` folder that is a link: refused before anything is written.
    other = tmp_path / "other"
    other.mkdir()
    (other / "sources").symlink_to(outside)
    linked = invoke("policies", "new", "demo", str(other))
    assert linked.exit_code == 2 and "sources: this folder is a link" in linked.stderr
    assert list(outside.iterdir()) == [outside / "kept.txt"] and not (other / "demo.toml").exists()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["a" * 10000], "error: ID: an id is at most 64 characters"),
        (["vocabulary"], "error: ID: 'vocabulary' cannot be a policy's id"),
        (["rates"], "error: ID: 'rates' cannot be a policy's id"),
        (["abc", "/tmp/" + "b" * 300], ": cannot use this path: File name too long"),
    ],
)
def test_policies_new_refuses_what_it_cannot_write_cleanly(args: list[str], error: str):
    result = invoke("policies", "new", *args)
    assert result.exit_code == 2 and error in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_line_and_paragraph_separators_in_a_record_are_escaped(jobs: str):
    # U+2028 in a name was written raw into JSON Lines: readers that split lines at it (as
    # Python's str.splitlines does) saw torn records.
    import json

    line = json.dumps({"name": "a\u2028b\u2029c", "region": "xiangzhou", "as_of": "2025-06-30"}, ensure_ascii=False).encode() + b"\n"
    result = ipcalc("batch", "-", "-j", jobs, stdin=line * 60)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "\u2028" not in text and "\u2029" not in text
    records = text.splitlines()
    assert len(records) == 60 and all(json.loads(r)["profile"]["name"] == "a\u2028b\u2029c" for r in records)


def test_a_schedule_is_bounded(tmp_path: Path):
    # 1,200 instalments over 400 patents ran past 120 s and 1.5 GB: a schedule has at most 20.
    import shutil

    folder = tmp_path / "clauses"
    shutil.copytree(ROOT / "tests" / "policies" / "clauses", folder)
    policy = folder / "clauses.toml"
    text = policy.read_text(encoding="utf-8")
    start = text.index("schedule = [")
    end = text.index("]\n", start) + 2
    many = ", ".join(f"{{ after_months = {m % 12}, after_years = {m // 12}, amount = 100 }}" for m in range(21))
    policy.write_text(text[:start] + f"schedule = [{many}]\n" + text[end:], encoding="utf-8")
    check = invoke("policies", "check", str(folder))
    assert check.exit_code == 2 and "schedule: a schedule of 21 instalments; at most 20" in check.stderr, check.stderr


def test_opportunities_csv_defuses_what_a_spreadsheet_would_run(tmp_path: Path):
    # `opportunities -f csv` wrote a policy's label, clause and name raw (=HYPERLINK(...)),
    # where estimate and batch CSV defuse the same text.
    import csv

    policy = new_policy(tmp_path / "demo")
    text = policy.read_text(encoding="utf-8")
    text = text.replace(
        'label = { en = "enterprise IP titles", zh = "企业知识产权称号" }',
        'label = { en = "=HYPERLINK(\\"http://evil.example\\")", zh = "=HYPERLINK(1)" }',
    )
    policy.write_text(text, encoding="utf-8")
    out = invoke("opportunities", "--policies", str(tmp_path / "demo"), "--region", "demo", "--as-of", "2025-06-30", "-f", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(out.stdout.splitlines()))
    (title,) = [r for r in rows if r["rule"] == "enterprise_title"]
    assert title["label"] == '\'=HYPERLINK("http://evil.example")'
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values() if value)


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "{profile}", "-f", "table"],
        ["estimate", "{profile}", "-f", "markdown"],
        ["estimate", "{profile}", "-f", "csv"],
        ["opportunities", "{profile}", "-f", "table"],
        ["opportunities", "{profile}", "-f", "markdown"],
        ["compare", "{profile}", "-f", "table"],
        ["policies", "list"],
        ["policies", "show", "xiangzhou"],
        ["policies", "check", "{folder}"],
        ["policies", "test", "{folder}"],
        ["estimate", "{profile}", "--lang", "zh", "-f", "table"],
    ],
    ids=" ".join,
)
def test_terminal_escapes_in_a_folders_name_never_reach_the_terminal(tmp_path: Path, args: list[str]):
    # A folder named with ESC [31m (or U+202E) once coloured or reversed what followed in
    # warnings, tables, Markdown, `policies check|list|show` and batch's subfolder warning.
    folder = tmp_path / "ev\x1b[31mil\u202e"
    folder.mkdir()
    assert invoke("policies", "new", "xiangzhou", str(folder)).exit_code == 0  # replaces the bundled one: a warning with its path
    profile = EXAMPLES / "xiangzhou-enterprise.toml"
    result = invoke(*[a.replace("{profile}", str(profile)).replace("{folder}", str(folder)) for a in args], "--policies", str(folder))
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output, result.output
    if args[0] == "policies" and args[1] in ("check", "show"):
        assert "ev\\x1b[31mil\\u202e" in result.output  # said, as an escape


def test_terminal_escapes_in_a_skipped_subfolders_name_are_escaped(tmp_path: Path):
    sub = tmp_path / "list" / "ev\x1b[31mil"
    sub.mkdir(parents=True)
    (sub / "a.toml").write_bytes((EXAMPLES / "xiangzhou-enterprise.toml").read_bytes())
    result = invoke("batch", str(tmp_path / "list"))
    assert "\x1b" not in result.stderr and "ev\\x1b[31mil: a subfolder, not read" in result.stderr, result.stderr


def test_a_readings_changed_text_is_checked_against_the_source(tmp_path: Path):
    # A reading's `change.RULE.text` was never checked: a quote the source does not hold passed.
    import shutil

    folder = tmp_path / "xz"
    folder.mkdir()
    shutil.copy(ROOT / "policies" / "xiangzhou.toml", folder / "xiangzhou.toml")
    shutil.copytree(ROOT / "policies" / "sources", folder / "sources")
    policy = folder / "xiangzhou.toml"
    text = policy.read_text(encoding="utf-8")
    anchor = "[questions.readings.change.pledge_guarantee_fee]\n"
    assert anchor in text
    policy.write_text(text.replace(anchor, anchor + 'text = "对担保费给予全额补贴"\n'), encoding="utf-8")
    check = invoke("policies", "check", str(folder))
    assert check.exit_code == 2
    assert ":445: questions[0].readings[1].change.pledge_guarantee_fee.text: quote not found verbatim in " in check.stderr, check.stderr
    # A change that quotes the source (any of its sentences) passes.
    policy.write_text(text.replace(anchor, anchor + 'text = "按贷款基准利率的50%给予贴息"\n'), encoding="utf-8")
    assert invoke("policies", "check", str(folder)).exit_code == 0
