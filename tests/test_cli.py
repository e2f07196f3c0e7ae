"""The command line as a user meets it: help, exit codes, suggestions, files never clobbered."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bcpgraph.cli import COMMANDS


def test_help_lists_every_command(cli):
    done = cli("--help")
    assert done.returncode == 0
    for name in COMMANDS:
        assert name in done.stdout


def test_no_command_prints_usage_and_exits_2(cli):
    done = cli()
    assert done.returncode == 2 and "usage" in done.stdout.lower()


def test_misspelt_command_gets_a_suggestion(cli):
    done = cli("sharedcompetencies")
    assert done.returncode == 2
    assert "did you mean 'shared-competencies'" in done.stderr


def test_misspelt_query_name_gets_a_suggestion(cli):
    done = cli("query", "job-title")
    assert done.returncode == 2
    assert "did you mean 'job-titles'" in done.stderr and "Traceback" not in done.stderr


def test_bad_option_value_exits_2(cli):
    done = cli("query", "job-titles", "--format", "yaml")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_bad_param_syntax_exits_2(cli):
    done = cli("query", "job-titles", "--param", "lang")
    assert done.returncode == 2 and "NAME=VALUE" in done.stderr


def test_console_script_is_installed():
    script = shutil.which("bcpgraph") or str(Path(sys.executable).with_name("bcpgraph"))
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("bcpgraph ")


def test_output_file_is_not_overwritten_without_force(cli, tmp_path):
    target = tmp_path / "titles.csv"
    target.write_text("precious", encoding="utf-8")
    done = cli("query", "job-titles", "--format", "csv", "-o", str(target))
    assert done.returncode == 2 and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "precious"
    done = cli("query", "job-titles", "--format", "csv", "-o", str(target), "--force")
    assert done.returncode == 0
    assert target.read_text(encoding="utf-8").startswith("title") or "," in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["titles.csv"]  # no temporary file left behind


def test_failed_command_leaves_no_partial_output(cli, tmp_path):
    target = tmp_path / "out.csv"
    done = cli("query", "werkprocessen-for-competency", "--param", "competency=Toveren", "-o", str(target))
    assert done.returncode == 2
    assert not target.exists()


def test_overview_is_the_main_job(cli):
    done = cli("overview", "--lang", "nl")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Contactcenter medewerker" in out
    assert "conforms" in out
    assert "Instructies en procedures opvolgen" in out      # recurs in all 7 werkprocessen
    assert "Contactcenter medewerker → teamleider" in out


def test_overview_json(cli):
    done = cli("overview", "--format", "json")
    doc = json.loads(done.stdout)
    assert doc["validation"]["conforms"] is True
    assert doc["profiles"][0]["werkprocessen"] == 7
    assert doc["career_paths"]["paths"]
