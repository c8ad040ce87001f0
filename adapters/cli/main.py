"""The `gemba` command line: the composition root that wires settings to every part.

Each module below adds its commands; what a command runs is imported when it runs (see
`adapters.cli.common`), so `gemba --help` and a short command start in a fraction of a second.
"""

from __future__ import annotations

import typer

from adapters.cli import (
    board_cmds,
    chat,
    config_cmds,
    db_cmds,
    dingtalk_cmds,
    followup_cmds,
    knowledge_cmds,
    lines_cmds,
    nl2sql_cmds,
    slack_cmds,
    web_cmds,
)

app = typer.Typer(
    name="gemba",
    help="Gemba: a chat-first operations assistant for factories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich's formatting costs more to import than the rest of --help.
    rich_markup_mode=None,
)
eval_app = typer.Typer(help="Measure answer quality on a file of cases.", no_args_is_help=True)
serve_app = typer.Typer(
    help="Run Gemba as a chat app on Slack or DingTalk, or its web board.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")
app.add_typer(serve_app, name="serve")

for module in (
    chat,
    db_cmds,
    lines_cmds,
    config_cmds,
    nl2sql_cmds,
    knowledge_cmds,
    slack_cmds,
    dingtalk_cmds,
    followup_cmds,
    web_cmds,
    board_cmds,
):
    module.register(app, eval_app=eval_app, serve_app=serve_app)


def main() -> None:
    """Entry point of the `gemba` console script."""
    app()
