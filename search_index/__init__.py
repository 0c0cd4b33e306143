"""Section-level Thai full-text search over the registry (Whoosh).

:mod:`.analysis` (the Thai analyzer), :mod:`.schema` (documents), :mod:`.index` (the
on-disk index and its generations), :mod:`.query` (searching), :mod:`.understanding` and
:mod:`.vocabulary` (what a query means), :mod:`.snippets` (highlighting),
:mod:`.suggestions` (what to try when nothing is found).  The registry's
side — which documents a law yields and keeping the index in step — is
:mod:`lawreg.services.search`.
"""
