"""Local problems an activity can take up (safety-walk findings, theme meetings), offered by other apps.

The community app must not depend on the safety-walk app, so that app offers its problems through
the `boligsocial_local_problems` hook, when it is installed:

    @hooks.register("boligsocial_local_problems")
    def problems(*, keys: list[str] | None) -> list[LocalProblem-like]

With `keys=None` it returns what staff may link an activity to (public findings and theme meetings);
with a list of keys it returns those of them that still exist and are public. Each item has `key`
(stable, e.g. "finding:12"), `label` and `url` (the public page that explains it, or ""). It must
cost a bounded number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

PROBLEMS_HOOK = "boligsocial_local_problems"


@dataclass(frozen=True)
class LocalProblem:
    key: str
    label: str
    url: str = ""


def has_problem_sources() -> bool:
    return bool(hooks.get_hooks(PROBLEMS_HOOK))


def problem_choices() -> list[tuple[str, str]]:
    """(key, label) pairs for the activity editor."""
    return [(problem.key, problem.label) for fn in hooks.get_hooks(PROBLEMS_HOOK) for problem in fn(keys=None)]


def resolve_problems(keys: list[str]) -> list[LocalProblem]:
    """The linked problems that still exist and are public, in the order they were linked."""
    if not keys:
        return []
    found = {problem.key: problem for fn in hooks.get_hooks(PROBLEMS_HOOK) for problem in fn(keys=list(keys))}
    return [
        LocalProblem(key=found[key].key, label=found[key].label, url=getattr(found[key], "url", ""))
        for key in keys
        if key in found
    ]
