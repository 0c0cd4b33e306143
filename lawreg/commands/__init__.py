"""Click commands, one module per area; ``lawreg.cli`` registers every command listed here."""

from ..api.downloads import downloads_group
from .evaluate import search_eval_command
from .io import demo_command, export_group, import_group
from .ops import attachments_group, backup_command, restore_command
from .registry import db_group, init_command
from .reminders import reminders_group
from .screen import flags_group, screen_command
from .search import index_group, search_command
from .serve import serve_command
from .text import text_group
from .tokens import token_group
from .users import user_group

COMMANDS = [init_command, serve_command, db_group, user_group, text_group, search_eval_command,
            import_group, export_group, demo_command, screen_command, flags_group,
            search_command, index_group]
COMMANDS += [backup_command, restore_command, token_group, downloads_group, attachments_group]
COMMANDS += [reminders_group]
