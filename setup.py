"""Build hook: ship the top-level ``templates/`` folder inside the wheel as ``lawreg/templates``.

The checkout keeps the page templates at the top level (designers find them there), but an
installed wheel has no checkout around it, so ``build_py`` copies the folder into the built
package.  Editable installs skip the copy: they read the checkout's folder directly
(see :func:`lawreg.config.templates_path`).  Everything else is configured in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithTemplates(build_py):
    """``build_py`` that also copies ``templates/`` to ``<build>/lawreg/templates``."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            self.copy_tree("templates", str(Path(self.build_lib) / "lawreg" / "templates"))


setup(cmdclass={"build_py": BuildPyWithTemplates})
