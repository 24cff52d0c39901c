"""PCRS: the level decisions UN officers record for units, and the readiness pages that lead to
them (dashboards, the watch list, a unit's certification page: the `readiness` blueprint). It sits
above certification, since a decision checks the unit's certificate; readiness itself (app/readiness:
who holds what) sits below it."""
