"""Writing never destroys: write_atomic against real files, links, devices, FIFOs, folders and
processes that are killed while they write."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bcpgraph.errors import InputError
from bcpgraph.limits import time_limit
from bcpgraph.output import EXTENSIONS, OutputExists, output_format, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def _left_over(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


def test_a_new_file_is_written_whole_with_the_usual_permissions(tmp_path):
    old = os.umask(0o027)
    try:
        path = write_atomic(tmp_path / "out.txt", "één\n")
    finally:
        os.umask(old)
    assert path.read_bytes() == "één\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _left_over(tmp_path) == []


def test_an_existing_file_is_kept_without_force_and_replaced_with_force_keeping_its_mode(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("precious")
    path.chmod(0o600)
    with pytest.raises(OutputExists, match="exists"):
        write_atomic(path, "new")
    assert path.read_text() == "precious"
    write_atomic(path, b"new", force=True)
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.csv"]


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(OutputExists):
        write_atomic(link, "new")
    assert real.read_text() == "old"
    write_atomic(link, "new", force=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"


def test_a_dangling_symlink_counts_as_existing(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(OutputExists):
        write_atomic(link, "x")
    assert link.is_symlink() and not (tmp_path / "missing.txt").exists()
    write_atomic(link, "x", force=True)
    assert link.is_symlink() and (tmp_path / "missing.txt").read_text() == "x"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with time_limit(10, "writing to a FIFO"), pytest.raises(InputError, match="FIFO"):
        write_atomic(fifo, "x", force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _left_over(tmp_path) == []


def test_a_directory_is_refused(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        write_atomic(folder, "x", force=True)
    assert folder.is_dir()


def test_a_device_is_refused_even_with_force():
    with pytest.raises(InputError, match="character device"):
        write_atomic("/dev/null", "x", force=True)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_read_only_folder_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:  # root writes into any mode-protected folder; sysfs refuses new files even to root
        folder = Path("/sys")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    with pytest.raises(InputError, match=f"cannot write in folder {folder}"):
        write_atomic(folder / "out.txt", "x")
    assert not (folder / "out.txt").exists()


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.txt", "x")


def test_two_writers_without_force_one_wins(tmp_path):
    path = tmp_path / "race.txt"
    start = threading.Barrier(8)
    outcome: dict[int, str] = {}

    def writer(n: int) -> None:
        start.wait()
        try:
            write_atomic(path, f"writer {n}\n" * 10000)
            outcome[n] = "won"
        except OutputExists:
            outcome[n] = "exists"

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winners = [n for n, what in outcome.items() if what == "won"]
    assert len(outcome) == 8 and len(winners) == 1
    assert path.read_text() == f"writer {winners[0]}\n" * 10000
    assert _left_over(tmp_path) == []


_WRITER = """
import sys
from bcpgraph.cli import sigterm_raises, Terminated
from bcpgraph.output import write_atomic
try:
    with sigterm_raises():
        write_atomic(sys.argv[1], b"x" * int(sys.argv[2]))
except Terminated:
    sys.exit(143)
"""


def _stopped_mid_write(folder: Path, name: str) -> subprocess.Popen:
    """A process writing a large file into ``folder``, stopped (SIGSTOP) while its temporary file
    exists and the file itself does not yet."""
    size = 64 << 20
    for _ in range(4):  # bounded: a bigger file if the write finished before it could be stopped
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(folder / name), str(size)], cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _left_over(folder) and child.poll() is None:
            pass
        if child.poll() is None:
            os.kill(child.pid, signal.SIGSTOP)
            if _left_over(folder) and not (folder / name).exists():
                return child
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        for leftover in [folder / name, *map(folder.joinpath, _left_over(folder))]:
            leftover.unlink(missing_ok=True)
        size *= 4
    pytest.fail("could not catch a writer in the middle of writing")


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    child = _stopped_mid_write(tmp_path, "big.bin")
    os.kill(child.pid, signal.SIGTERM)
    os.kill(child.pid, signal.SIGCONT)
    assert child.wait(timeout=60) == 143
    assert os.listdir(tmp_path) == []


def test_a_temporary_file_left_by_sigkill_is_removed_by_the_next_write(tmp_path):
    child = _stopped_mid_write(tmp_path, "big.bin")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    left = _left_over(tmp_path)
    assert len(left) == 1 and f".{child.pid}." in left[0]
    write_atomic(tmp_path / "other.txt", "x")
    assert sorted(os.listdir(tmp_path)) == ["other.txt"]


def test_a_temporary_file_of_a_live_writer_is_left_alone(tmp_path):
    mine = tmp_path / f".out.txt.{os.getpid()}.bcpgraph-0a1b2c3d.tmp"
    mine.write_text("still being written")
    write_atomic(tmp_path / "other.txt", "x")
    assert mine.exists()


@pytest.mark.parametrize(("name", "offered", "expected"), [
    ("m.png", ("csv", "md", "png"), "png"),
    ("M.CSV", ("csv", "md", "png"), "csv"),
    ("answer.json", ("table", "csv", "tsv", "json", "xml"), "json"),
    ("answer.json", ("turtle", "ntriples", "jsonld", "rdfxml"), "jsonld"),
    ("answer.xml", ("turtle", "ntriples", "jsonld", "rdfxml"), "rdfxml"),
    ("report.txt", ("text", "json"), "text"),
    ("rows.txt", ("table", "csv"), "table"),
])
def test_the_file_name_gives_the_format(name, offered, expected):
    assert output_format(name, None, offered, default=offered[0]) == expected


def test_every_ending_in_the_table_is_lower_case_and_dotted():
    assert all(e.startswith(".") and e == e.lower() and fmts for e, fmts in EXTENSIONS.items())
