"""The `covnav` command line (also `python -m app`).

Each subcommand is a `(configure, handler)` pair in COMMANDS: `configure` adds its
arguments to a subparser and `handler` gets the parsed namespace and returns the exit
code. Adding a command is a few lines: write both functions and add one entry.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.flows.engine import Flow
from app.flows.loader import DEFAULT_PATH, FlowFileError, check_files, load_flow
from app.flows.problems import Problem

Handler = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    help: str
    configure: Configure
    handler: Handler


def _flow_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_PATH,
        help="the flow file (default: data/steps.yaml)",
    )


def _checked_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_PATH,
        help="a flow file or the answer cards (default: data/steps.yaml, with the cards)",
    )
    parser.add_argument(
        "--flow",
        type=Path,
        default=DEFAULT_PATH,
        help="the flow whose steps the answer cards link to (default: data/steps.yaml)",
    )


def is_card_file(path: Path) -> bool:
    """The answer cards (a top-level `cards:` list), rather than a flow."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^cards:", text, re.MULTILINE) is not None


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    return f"{_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')}"


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    _checked_path(parser)
    parser.add_argument(
        "--translation",
        dest="translations",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a translation file to check against it, e.g. data/steps.es.yaml (default: "
        "each <name>.<lang>.yaml beside the flow file that exists); may be repeated",
    )


def _check_cards(path: Path, flow_path: Path, translations: Sequence[Path] = ()) -> list[Problem]:
    """The cards, with their links checked against the flow (and the documents), then their
    translations: the files given, else each `answers.<lang>.yaml` beside them."""
    from app.answers.checker import Known
    from app.answers.loader import check_cards_file
    from app.answers.strings import check_card_translations
    from app.documents.catalog import BY_ID

    flow = _load(flow_path)
    known = Known.of(flow.tree, BY_ID) if flow is not None else Known()
    result = check_cards_file(path, known)
    if result.cards is None:
        return result.problems
    return result.problems + check_card_translations(path, result.cards, translations)


def cmd_check(args: argparse.Namespace) -> int:
    """A flow or the answer cards; checking data/steps.yaml checks the cards that link to it."""
    from app.answers.loader import DEFAULT_PATH as CARDS_PATH

    path: Path = args.path
    try:
        if is_card_file(path):
            problems = _check_cards(path, args.flow, args.translations)
        else:
            problems = check_files(path, args.translations)
            if path.resolve() == DEFAULT_PATH.resolve() and CARDS_PATH.exists():
                problems += _check_cards(CARDS_PATH, path)
    except OSError as exc:
        name = exc.filename or path
        print(f"covnav check: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    print(summary(problems), file=sys.stderr)
    return 1 if any(p.is_error for p in problems) else 0


def _load(path: Path) -> Flow | None:
    """The compiled flow, or None after printing why it cannot be loaded."""
    try:
        return load_flow(path)
    except FlowFileError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"{path} has errors; run `covnav check {path}`", file=sys.stderr)
        return None


def cmd_paths(args: argparse.Namespace) -> int:
    from app.flows.paths import count_paths

    flow = _load(args.path)
    if flow is None:
        return 1
    count, longest = count_paths(flow)
    print(f"paths: {count}")
    print(f"longest: {longest} questions")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from app.flows.mermaid import render

    flow = _load(args.path)
    if flow is None:
        return 1
    sys.stdout.write(render(flow.tree))
    return 0


def _tsv(text: str) -> str:
    return text.strip().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def cmd_strings(args: argparse.Namespace) -> int:
    from app.flows.strings import TextEntry, patient_strings

    entries: list[TextEntry]
    if is_card_file(args.path):
        from app.answers.checker import Known
        from app.answers.loader import check_cards_file
        from app.answers.strings import card_strings

        result = check_cards_file(args.path, Known())
        if result.cards is None:
            for problem in result.errors:
                print(problem, file=sys.stderr)
            print(f"{args.path} has errors; run `covnav check {args.path}`", file=sys.stderr)
            return 1
        entries = card_strings(result.cards)
    else:
        flow = _load(args.path)
        if flow is None:
            return 1
        entries = patient_strings(flow.tree)
    for entry in entries:
        print(f"{entry.key}\t{_tsv(entry.text)}")
    return 0


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def cmd_serve(args: argparse.Namespace) -> int:
    from app.core.server import serve

    return serve(host=args.host, port=args.port)


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.core.migrations import migrate, migration_summary

    before, after = migrate()
    print(migration_summary(before, after))
    return 0


def _create_staff_arguments(parser: argparse.ArgumentParser) -> None:
    from app.cli.staff import configure_create_staff

    configure_create_staff(parser)


def cmd_create_staff(args: argparse.Namespace) -> int:
    from app.cli.staff import cmd_create_staff as create

    return create(args)


def _unlock_staff_arguments(parser: argparse.ArgumentParser) -> None:
    from app.cli.staff import configure_unlock_staff

    configure_unlock_staff(parser)


def cmd_unlock_staff(args: argparse.Namespace) -> int:
    from app.cli.staff import cmd_unlock_staff as unlock

    return unlock(args)


def cmd_purge(args: argparse.Namespace) -> int:
    from app.cli.purge import cmd_purge as purge

    return purge(args)


COMMANDS: dict[str, Command] = {
    "check": Command(
        "check the flow file (its translations and the answer cards) and list every problem",
        _check_arguments,
        cmd_check,
    ),
    "paths": Command("count the complete paths through the flow", _flow_path, cmd_paths),
    "graph": Command("print the flow as a Mermaid flowchart", _flow_path, cmd_graph),
    "strings": Command(
        "list every translatable string (of the flow or the cards) with its English text",
        _flow_path,
        cmd_strings,
    ),
    "serve": Command("run the web server", _serve_arguments, cmd_serve),
    "migrate": Command("bring the database schema up to date", _no_arguments, cmd_migrate),
    "unlock-staff": Command(
        "let a staff member sign in now: clears every sign-in wait",
        _unlock_staff_arguments,
        cmd_unlock_staff,
    ),
    "purge": Command(
        "delete what is past its retention now (prints counts only)", _no_arguments, cmd_purge
    ),
    "create-staff": Command(
        "add a staff account (the password is read from the terminal or the first line of stdin)",
        _create_staff_arguments,
        cmd_create_staff,
    ),
}


def build_parser(commands: dict[str, Command] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="covnav", description="Coverage Navigator tools for staff and developers."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in commands.items():
        child = sub.add_parser(name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(handler=command.handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from pydantic import ValidationError

    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ValidationError as exc:  # the settings: say what is wrong, never echo a value
        if exc.title != "Settings":
            raise
        for error in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(p) for p in error["loc"]) or "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            print(f"covnav {args.command}: {where}: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
