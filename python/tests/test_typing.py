"""The stubs catch mistakes (issue 15): mypy --strict and pyright (strict) over
typing/mistakes.py report exactly the marked lines, each with the marked code; over
typing/correct.py they report nothing. Both checkers are installed by `make python-deps`
(pyright from npm into the venv: .venv/pyright)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "typing"
MISTAKES = HERE / "mistakes.py"
CORRECT = HERE / "correct.py"
PYRIGHT = Path(sys.prefix) / "pyright" / "node_modules" / ".bin" / "pyright"


def expected() -> dict[int, tuple[str, str]]:
    """{line (1-based): (mypy code, pyright rule)} from the `# expect:` markers."""
    out = {}
    for n, line in enumerate(MISTAKES.read_text(encoding="utf-8").splitlines(), 1):
        m = re.search(r"# expect: (\S+) (\S+)$", line)
        if m:
            out[n] = (m.group(1), m.group(2))
    return out


def mypy(path: Path, tmp_path: Path) -> list[tuple[int, str]]:
    """(line, code) of every error mypy --strict reports in `path`."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--show-error-codes",
         "--cache-dir", str(tmp_path / "mypy-cache"), str(path)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    errors = []
    for line in run.stdout.splitlines():
        m = re.match(r"(.+?):(\d+): error: .*\[([\w-]+)\]$", line)
        if m:
            assert Path(m.group(1)).resolve() == path, line
            errors.append((int(m.group(2)), m.group(3)))
        else:
            assert ": note: " in line, f"unexpected mypy output: {line}"
    return errors


def pyright(path: Path) -> list[tuple[int, str]]:
    """(line, rule) of every error pyright reports in `path` (strict: the file says so)."""
    if not PYRIGHT.exists():
        pytest.fail(f"pyright missing at {PYRIGHT}: run `make python-deps`")
    node = shutil.which("node")
    assert node, "pyright needs node"
    run = subprocess.run(
        [str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable, str(path)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    report = json.loads(run.stdout)
    errors = []
    for d in report["generalDiagnostics"]:
        assert Path(d["file"]).resolve() == path, d
        if d["severity"] == "error":
            errors.append((d["range"]["start"]["line"] + 1, d.get("rule", "")))
    return errors


def test_mypy_strict_reports_each_mistake(tmp_path: Path) -> None:
    want = expected()
    assert len(want) >= 10
    got = mypy(MISTAKES, tmp_path)
    assert sorted(got) == sorted((line, codes[0]) for line, codes in want.items())


def test_pyright_strict_reports_each_mistake() -> None:
    want = expected()
    got = pyright(MISTAKES)
    assert sorted(got) == sorted((line, codes[1]) for line, codes in want.items())


def test_correct_use_passes_mypy_strict(tmp_path: Path) -> None:
    assert mypy(CORRECT, tmp_path) == []


def test_correct_use_passes_pyright_strict() -> None:
    assert pyright(CORRECT) == []
