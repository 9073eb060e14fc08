"""Hostile or broken input, probed as an adversarial tester would: each test reproduces one
finding of the hardening review and checks that ipcalc answers with a clear error (exit 2),
an error record, or a warning; never a hang, a traceback, or a file read it should not read.
Commands that could hang run in a subprocess with a timeout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, invoke


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


def test_a_profile_that_is_a_device_or_an_unwritten_pipe_does_not_hang(tmp_path: Path):
    result = ipcalc("estimate", "/dev/zero", timeout=20)
    assert (result.returncode, result.stderr) == (2, b"error: /dev/zero: is not a regular file (a device, a named pipe?): only files are read\n")
    os.mkfifo(tmp_path / "client.toml")
    result = ipcalc("estimate", str(tmp_path / "client.toml"), timeout=20)
    assert (result.returncode, result.stderr) == (2, f"error: {tmp_path / 'client.toml'}: the file is empty\n".encode())
    batch = ipcalc("batch", str(tmp_path / "client.toml"), timeout=20)
    assert batch.returncode == 1 and b"the file is empty" in batch.stdout


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
    assert doc["warnings"][:2] == [
        f"rates (LPR and benchmark) read from the user file {folder / 'rates.toml'}, not the bundled ones",
        f"xiangzhou: read from the user file {folder / 'xiangzhou.toml'}, which replaces the bundled policy of that id",
    ]
    assert (doc["policies"][0]["origin"], doc["policies"][0]["path"]) == ("user", str(folder / "xiangzhou.toml"))
    table = invoke("estimate", profile, "--policies", str(folder), "-f", "table").stdout
    assert "replaces the bundled policy" in table and f"user file {folder}" in table.replace("\n", "")
    assert "replaces the bundled" in invoke("estimate", profile, "--policies", str(folder), "-f", "markdown").stdout
    record = json_of(invoke("batch", profile, "--policies", str(folder)))
    assert record["warnings"][:2] == doc["warnings"][:2]
    assert "read from the user file" in invoke("rates", "--policies", str(folder)).stderr
    # The bundled ones say nothing of the kind.
    plain = json_of(invoke("estimate", profile, "-f", "json"))
    assert (plain["policies"][0]["origin"], plain["policies"][0]["path"]) == ("bundled", None)
    assert not any("user file" in w for w in plain["warnings"])


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


def json_of(result) -> dict:
    import json
    from decimal import Decimal

    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)


# ------------------------------------------------------------------ 5. formulas and control characters


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


@pytest.mark.parametrize("name", ["a\rb", "a\u202eb", "a\x85b", "a\nb", "a\x1b[2Jb"])
def test_control_characters_in_names_are_refused(name: str):
    result = invoke("estimate", "--region", "xiangzhou", "--name", name, "-f", "json")
    assert result.exit_code == 2
    assert "text holds control characters" in result.stderr
    line = ('{"region": "xiangzhou", "name": %s}\n' % __import__("json").dumps(name)).encode()
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


def test_a_file_name_cannot_drive_the_terminal(tmp_path: Path):
    bad = tmp_path / "bad\x1b[2Jname.toml"
    bad.write_text("")
    result = ipcalc("estimate", str(bad))
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"bad\\x1b[2Jname.toml: the file is empty" in result.stderr
