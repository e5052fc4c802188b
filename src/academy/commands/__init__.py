"""The entry layer: one module per subcommand, arguments in, exit code out.

Every module here has the same shape: ``register(subparsers)`` adds its parser (and
its own subcommands, if it is a group) and sets ``main`` as the default; ``main(*, …)``
takes the parsed options as keyword arguments (named as their ``dest``), calls one
stage, prints, and returns an ``Exit``. ``COMMANDS`` is the one list the parser,
``academy --help`` and the generated command reference are built from, in this order.
"""

from __future__ import annotations

from types import ModuleType

from academy.commands import (
    bank,
    build,
    ci,
    cycles,
    exam,
    export,
    grade,
    import_,
    keys,
    people,
    serve,
    validate,
    verify,
    why,
)
from academy.commands import print as print_command

COMMANDS: tuple[ModuleType, ...] = (
    validate,
    grade,
    build,
    serve,
    verify,
    keys,
    print_command,
    export,
    import_,
    people,
    why,
    cycles,
    ci,
    exam,
    bank,
)
