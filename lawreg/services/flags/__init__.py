"""Screening flags: :mod:`.screening` records the engine's suggestions and burden figures,
:mod:`.triage` decides them and records flags raised by hand, :mod:`.queries` reads them."""
