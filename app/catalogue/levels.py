"""The PCRS ladder's levels, pure: Level 1, Level 2, Level 3, Rapid Deployment Level (RDL).

The one definition of the levels and their order; the catalogue's profiles, units, PCRS
decisions, certificates and the API all use it. No Flask, no SQLAlchemy.
"""
import enum


class PcrsLevel(enum.StrEnum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    RDL = "RDL"


LEVELS: tuple[PcrsLevel, ...] = tuple(PcrsLevel)
LEVEL_CODES: tuple[str, ...] = tuple(level.value for level in LEVELS)  # for Literal[...] types


def rank(level: str) -> int:
    """0-based position on the ladder; ValueError for an unknown level."""
    return LEVELS.index(level)


def next_level(level: str) -> PcrsLevel | None:
    """The level above `level` (None above the RDL)."""
    position = rank(level)
    return LEVELS[position + 1] if position + 1 < len(LEVELS) else None


def target_level(level: str) -> PcrsLevel:
    """The level a unit at `level` works towards: the one above (the RDL stays the RDL; an
    unknown level counts as Level 1)."""
    position = rank(level) if level in LEVELS else 0
    return LEVELS[min(position + 1, len(LEVELS) - 1)]
