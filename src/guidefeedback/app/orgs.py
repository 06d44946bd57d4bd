"""``guidefeedback orgs``: the bodies behind the submissions, and merging their names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import GuidefeedbackError
from ..orgs import MergeResult, OrgBody, OrgDuplicate, group_bodies, likely_duplicates, org_key

if TYPE_CHECKING:
    from ..store import Store


class UnknownOrganisation(GuidefeedbackError):
    """``orgs merge`` was given a name no submission uses (a typo, most likely)."""


@dataclass(frozen=True, slots=True)
class OrgListing:
    bodies: tuple[OrgBody, ...]
    duplicates: tuple[OrgDuplicate, ...]
    unnamed_comments: int = 0
    """Comments no organisation is known for: said, not silently left out."""


def list_organisations(store: Store) -> OrgListing:
    """Every body with its spellings and counts, and the pairs that are probably one."""
    bodies = group_bodies(store.org_identity(), store.organisation_uses())
    return OrgListing(
        tuple(bodies), tuple(likely_duplicates(bodies)), store.comments_without_organisation()
    )


def merge_organisations(store: Store, names: Sequence[str], *, into: str) -> MergeResult:
    """Make ``names`` (and ``into``) one body shown as ``into``.

    Every name must be one the database knows, as written or in any spelling of the
    same key; ``into`` may be new (the name the editors want shown).
    """
    known = {org_key(u.name) for u in store.organisation_uses()}
    identity = store.org_identity()
    unknown = [n for n in names if org_key(n) not in known and identity.key(n) not in known]
    if unknown:
        raise UnknownOrganisation(
            "no submission names "
            + ", ".join(repr(n) for n in unknown)
            + "; see 'guidefeedback orgs list' for the names in the database"
        )
    return store.merge_organisations(list(names), into)
