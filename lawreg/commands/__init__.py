"""Click commands, one module per area; ``lawreg.cli`` registers every command listed here."""

from .registry import db_group, init_command, serve_command

COMMANDS = [init_command, serve_command, db_group]
