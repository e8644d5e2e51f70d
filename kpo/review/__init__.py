"""The review queue: items a person must check, their claims, decisions and audit trail.

Holds the records of the queue (model), one SQL layer (store, sql) over two backends
(sqlite, the embedded default in the workspace; postgres, for many reviewers), a
connection pool for the web server (pool), the queue's API (service: claim, renew,
skip, decide, undo, bulk accept, list, stats, progress) over its leases (leases),
reviewers' typed answers checked and normalised (answers), opening the right backend
(queue), the users of the web page (users), reviewers' decisions as training labels
(export) and the text around a value (context).

May import: the core (kpo.records, kpo.errors, kpo.settings, kpo.fieldspec, ...) and
kpo.normalise (a reviewer's typed answer is normalised as the pipeline's values are).
Never a face (kpo.cli, kpo.web), the engine (kpo.jobs) or another sub-package.
"""
