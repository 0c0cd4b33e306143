"""Section-level Thai full-text search over the registry (Whoosh): the engine behind
:mod:`lawreg.search` (:class:`.engine.WhooshEngine`).

:mod:`.analysis` (the Thai analyzer), :mod:`.schema` (documents), :mod:`.index` (the
on-disk index and its generations), :mod:`.query` (searching), :mod:`.understanding` and
:mod:`.vocabulary` (what a query means), :mod:`.snippets` (highlighting),
:mod:`.suggestions` (what to try when nothing is found), :mod:`.scoring` and :mod:`.bulk`
(fast scoring and rebuilding), and :mod:`.whoosh_adapter`, the one module that touches
Whoosh's internals (its contract is pinned by tests/search/test_whoosh_contract.py).  The registry's
side — which documents a law yields and keeping the index in step — is
:mod:`lawreg.services.search`.
"""
