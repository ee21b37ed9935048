"""The `covnav` command line: in process (fast), plus the installed script and `python -m app`
run for real once each."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from app import cli
from app.flows.loader import DEFAULT_PATH, load_flow
from app.flows.mermaid import describe, quote, render, shorten
from app.flows.schema import Condition

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "flows"
COVNAV = Path(sys.executable).parent / "covnav"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>ST\d{3}) (?P<msg>.+)$")


def covnav(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`covnav ARGS` in this process: its exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(ROOT):
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(
        ["covnav", *map(str, args)], code, out.getvalue(), err.getvalue()
    )


def python_m_app(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_console_script_is_installed_and_runs() -> None:
    assert COVNAV.exists(), "pip install -e . creates the covnav script"
    result = subprocess.run(
        [str(COVNAV), "check", str(FIXTURES / "mini.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "0 errors, 0 warnings\n")


def test_check_clean_file() -> None:
    result = covnav("check", FIXTURES / "mini.yaml")
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == "0 errors, 0 warnings\n"


def test_check_reports_every_problem_one_line_each() -> None:
    path = FIXTURES / "several_errors.yaml"
    result = covnav("check", path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    assert [(m["path"], m["line"], m["col"], m["code"]) for m in matches if m] == [
        (str(path), "13", "21", "ST115"),
        (str(path), "15", "15", "ST111"),
        (str(path), "26", "9", "ST112"),
        (str(path), "28", "15", "ST202"),
        (str(path), "44", "12", "ST118"),
    ]
    assert lines[1] == (
        f"{path}:15:15: ST111 goto: no step has id 'plan_typ'; did you mean 'plan_type'?"
    )
    assert result.stderr == "4 errors, 1 warning\n"


def test_check_warnings_only_exits_zero() -> None:
    result = covnav("check", FIXTURES / "st201_long_sentence.yaml")
    assert result.returncode == 0
    assert re.fullmatch(r"\S+:33:10: ST201 sentence of 29 words .*\n", result.stdout)
    assert result.stderr == "0 errors, 1 warning\n"


def test_check_syntax_error() -> None:
    result = covnav("check", FIXTURES / "st100_syntax.yaml")
    assert result.returncode == 1
    assert result.stdout.startswith(f"{FIXTURES / 'st100_syntax.yaml'}:13:34: ST100 ")
    assert result.stderr == "1 error, 0 warnings\n"


def test_check_missing_file() -> None:
    result = covnav("check", "no/such/steps.yaml")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "cannot read no/such/steps.yaml: No such file or directory" in result.stderr


def test_check_defaults_to_data_steps_yaml() -> None:
    result = python_m_app("check")
    if not DEFAULT_PATH.exists():
        assert result.returncode == 1 and "cannot read" in result.stderr
        return
    errors = [line for line in result.stdout.splitlines() if " ST1" in line]
    assert errors == []
    assert result.returncode == 0
    assert result.stderr.startswith("0 errors, ")


@pytest.mark.parametrize("args", [[], ["nonsense"], ["check", "a.yaml", "b.yaml"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = covnav(*args)
    assert result.returncode == 2
    assert "usage: covnav" in result.stderr


def test_help_lists_the_commands() -> None:
    result = covnav("--help")
    assert result.returncode == 0
    for name in ("check", "paths", "graph", "strings", "serve", "migrate"):
        assert name in result.stdout


def test_paths() -> None:
    result = covnav("paths", FIXTURES / "mini.yaml")
    assert result.returncode == 0
    assert result.stdout == "paths: 9\nlongest: 3 questions\n"
    result = python_m_app("paths", FIXTURES / "engine_branchy.yaml")
    assert result.stdout == "paths: 20\nlongest: 4 questions\n"


def test_paths_on_a_broken_file() -> None:
    result = covnav("paths", FIXTURES / "st113_cycle.yaml")
    assert result.returncode == 1
    assert result.stdout == ""
    assert ":27:15: ST113 cycle: " in result.stderr


def test_graph() -> None:
    result = covnav("graph", FIXTURES / "mini.yaml")
    assert result.returncode == 0
    assert result.stdout == (
        "flowchart TD\n"
        '    s_stage["Where are you with your care?"]\n'
        '    s_denial_date["What date is on the denial letter?"]\n'
        '    s_plan_type["Do you get your plan through work?"]\n'
        '    s_intro>"Good. Let us make your plan."]\n'
        '    s_results(["Here is your plan."])\n'
        '    s_stage -->|"stage = denied"| s_denial_date\n'
        '    s_stage -->|"otherwise"| s_plan_type\n'
        "    s_denial_date --> s_plan_type\n"
        "    s_plan_type --> s_intro\n"
        "    s_intro --> s_results\n"
    )


def test_graph_of_a_bigger_tree() -> None:
    text = render(load_flow(FIXTURES / "engine_branchy.yaml").tree)
    assert '    s_symptoms -->|"symptoms includes back"| s_back_info\n' in text
    assert '    s_copay -->|"copay answered"| s_copay_info\n' in text
    assert text.count("-->") == 15


def test_mermaid_labels() -> None:
    assert quote('Say "yes" & <go>') == '"Say #quot;yes#quot; #amp; #lt;go#gt;"'
    long = "Do you have a referral from your doctor for massage or manual therapy visits?"
    short = shorten(long, 50)
    assert len(short) <= 50 and short.endswith("…") and short.startswith("Do you have")
    assert shorten("Line one\n  line two", 50) == "Line one line two"
    cond = TypeAdapter(Condition).validate_python(
        {
            "all": [
                {"in": ["plan_type", ["medicare", "medicaid"]]},
                {"any": [{"not": {"eq": ["stage", "denied"]}}, {"has": ["extras", "pain"]}]},
            ]
        }
    )
    assert describe(cond) == (
        "plan_type = medicare or medicaid and (stage ≠ denied or extras includes pain)"
    )


def test_strings() -> None:
    result = covnav("strings", FIXTURES / "mini.yaml")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "steps.stage.text\tWhere are you with your care?",
        "steps.stage.why\tYour next steps depend on this.",
        "steps.stage.choices.planning\tI have not had a visit yet.",
        "steps.stage.choices.denied\tMy claim was denied.",
    ]
    assert "checklist.work_plan.why\tIt has the rules." in lines
    assert "steps.intro.title\tNearly done" in lines
    assert lines[-1] == "questions.q_wrapup.why\tYou may need proof of what they said."
    assert all(line.count("\t") == 1 for line in lines)
    keys = [line.split("\t")[0] for line in lines]
    assert len(keys) == len(set(keys)) == 19


def test_serve_passes_its_address_and_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The argument parsing only: starting a real server is tested in test_startup.py."""
    calls: list[tuple[str, int]] = []

    def serve(host: str, port: int) -> int:
        calls.append((host, port))
        return 1 if port == 9001 else 0

    monkeypatch.setattr("app.core.server.serve", serve)
    assert cli.main(["serve"]) == 0
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert cli.main(["serve", "--port", "9001"]) == 1
    assert calls == [("127.0.0.1", 8000), ("0.0.0.0", 9000), ("127.0.0.1", 9001)]


def test_adding_a_command_is_one_entry() -> None:
    seen: list[str] = []

    def configure(parser: object) -> None:
        assert hasattr(parser, "add_argument")
        parser.add_argument("--email")

    def handler(args: object) -> int:
        seen.append(str(getattr(args, "email", "")))
        return 0

    commands = {
        **cli.COMMANDS,
        "create-staff": cli.Command("add a staff member", configure, handler),
    }
    args = cli.build_parser(commands).parse_args(["create-staff", "--email", "a@b.c"])
    assert args.handler(args) == 0
    assert seen == ["a@b.c"]
