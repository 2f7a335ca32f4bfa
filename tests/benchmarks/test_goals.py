"""Which rows of the benchmark table carry a goal, and when it counts as met: no database."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import harness  # noqa: E402


def _row(ratio: float, median_ms: float = 40.0) -> harness.Measurement:
    return harness.Measurement(label="row", queries=10, median_ms=median_ms, status=200, ratio=ratio)


def test_an_admin_screen_gets_the_issues_three_times_and_a_public_page_two():
    admin, public = _row(3.1), _row(1.9)
    harness.check_goal(admin, harness.Options(), harness.default_goal("/admin/x/", "staff"), {})
    harness.check_goal(public, harness.Options(), harness.default_goal("/da/", None), {})
    assert (admin.goal, admin.goal_met) == ("≤ 3×", False)
    assert (public.goal, public.goal_met) == ("≤ 2×", True)


def test_a_floor_and_a_screen_without_a_goal_are_not_counted():
    floor, form = _row(2.3), _row(6.2)
    harness.check_goal(floor, harness.Options(floor=True), harness.ADMIN_GOAL, {})
    harness.check_goal(form, harness.Options(no_goal=True), harness.ADMIN_GOAL, {})
    assert (floor.goal, floor.goal_met, form.goal, form.goal_met) == ("", None, "", None)
    listing = _row(2.9)
    harness.check_goal(listing, harness.Options(), harness.ADMIN_GOAL, {})
    assert harness.goals_summary([("topic", [floor, form, listing])]).startswith("Goals: 1 of 1 met.")


def test_a_sweep_is_held_to_milliseconds():
    sweep = _row(9.0, median_ms=99.0)
    harness.check_goal(sweep, harness.Options(max_ms=100), None, {})
    assert (sweep.goal, sweep.goal_met) == ("≤ 100 ms", True)


def test_a_row_held_to_a_reference_may_also_be_held_to_the_plain_page():
    library = _row(87.0, median_ms=840.0)
    feed = _row(2.1, median_ms=20.0)
    harness.check_goal(feed, harness.Options(goal=1.5, reference="library", plain_goal=2), None, {"library": library})
    assert (feed.goal, feed.goal_met) == ("≤ 1.5× library, ≤ 2× the plain page", False)
    feed.ratio = 1.9
    harness.check_goal(feed, harness.Options(goal=1.5, reference="library", plain_goal=2), None, {"library": library})
    assert feed.goal_met is True
