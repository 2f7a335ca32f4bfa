"""The benchmark harness's rounds and statistics, with fake timings (a fake clock, fake requests): no database."""

import random
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import harness  # noqa: E402

PLAIN_MS = 11.6


class FakeClock:
    """A perf_counter that moves only when a fake request runs."""

    def __init__(self):
        self.now = 0.0
        self.log: list[str] = []

    def perf_counter(self) -> float:
        return self.now

    def spend(self, ms: float, what: str) -> None:
        self.now += ms / 1000
        self.log.append(what)


class FakeClient:
    """The plain page: each request takes PLAIN_MS with a lognormal jitter."""

    def __init__(self, clock: FakeClock, rng: random.Random, jitter: float = 0.08):
        self.clock, self.rng, self.jitter = clock, rng, jitter

    def get(self, path, **headers):
        assert path == harness.BASELINE_PATH and headers == {"HTTP_AUTHORIZATION": "Bench plain-page"}
        self.clock.spend(PLAIN_MS * self.rng.lognormvariate(0, self.jitter), "plain")
        return SimpleNamespace(status_code=200, streaming=False)


@pytest.fixture
def clock(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(harness, "time", SimpleNamespace(perf_counter=clock.perf_counter))
    # Query counts: one call of the work, as the real count_queries makes (it needs a database connection).
    monkeypatch.setattr(harness, "count_queries", lambda work: (7, work()))
    return clock


def fake_target(clock: FakeClock, rng: random.Random, ms: float, jitter: float):
    def work():
        clock.spend(ms * rng.lognormvariate(0, jitter), "target")
        return 200

    return work


def test_batch_sizes_balance_the_two_sides_of_a_round():
    # A page from the page cache: 70 of its requests beside 3 plain ones (MIN_PLAIN_BATCH).
    assert harness.batch_sizes(0.5, PLAIN_MS) == (70, harness.MIN_PLAIN_BATCH)
    # Faster still: at most MAX_TARGET_BATCH.
    assert harness.batch_sizes(0.05, PLAIN_MS) == (harness.MAX_TARGET_BATCH, 3)
    # About the plain page's time: three requests a side, so neither side is one request's jitter.
    assert harness.batch_sizes(14.0, PLAIN_MS) == (2, 3)
    assert harness.batch_sizes(PLAIN_MS, PLAIN_MS) == (3, 3)
    # Slower than three plain requests: the target once, the plain page as long as the target.
    assert harness.batch_sizes(70.0, PLAIN_MS) == (1, 6)
    # Much slower: the plain page at most MAX_PLAIN_BATCH times.
    assert harness.batch_sizes(880.0, PLAIN_MS) == (1, harness.MAX_PLAIN_BATCH)
    # On a machine four times as busy the rounds hold the same numbers of requests.
    assert harness.batch_sizes(4 * 0.5, 4 * PLAIN_MS) == (70, 3)


def test_a_rounds_ratio_is_per_request_over_per_request():
    assert harness.round_ratio(30.0, 60, 36.0, 3) == pytest.approx(0.5 / 12.0)
    assert harness.round_ratio(880.0, 1, 192.0, 16) == pytest.approx(880.0 / 12.0)


def test_more_rounds_come_in_blocks_while_the_spread_is_above_the_target_up_to_the_limit():
    steady = [1.0 + 0.01 * (i % 3) for i in range(15)]
    scattered = [1.0 + 0.5 * (i % 2) for i in range(15)]
    assert harness.rounds_to_take([], 15) == 15
    assert harness.rounds_to_take(steady[:9], 15) == 6
    assert harness.rounds_to_take(steady, 15) == 0
    assert harness.rounds_to_take(scattered, 15) == 5
    assert harness.rounds_to_take(scattered * 3 + scattered[:13], 15) == 2
    assert harness.rounds_to_take(scattered * 4, 15) == 0


def test_a_fast_target_timed_in_batches_has_a_small_spread_and_the_right_ratio(clock):
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng), runs=15, warmups=3)
    # A 0.5 ms request whose own time varies ±20% (lognormal sigma 0.3): one request per round would scatter.
    m = plain.measure("cached", fake_target(clock, rng, 0.5, 0.3))
    assert 45 <= m.batches[0] <= 95 and m.batches[1] == 3  # sized from three jittery warm-ups: about 70
    assert m.spread < harness.TARGET_SPREAD and m.spread_met
    assert m.rounds == 15  # converged in the first block
    assert m.ratio == pytest.approx(0.5 / PLAIN_MS, rel=0.1)
    assert m.median_ms == pytest.approx(0.5, rel=0.1)
    assert m.queries == 7 and m.status == 200


def test_a_first_block_above_the_target_is_set_aside_and_timed_again_in_larger_batches(clock, monkeypatch):
    rng = random.Random(18)
    monkeypatch.setattr(harness, "batch_sizes", lambda target_ms, plain_ms: (1, 1))
    plain = harness.Baseline(FakeClient(clock, rng), runs=15, warmups=3)
    m = plain.measure("cached", fake_target(clock, rng, 0.5, 0.3))
    # One request a side scatters ±20% and more: four times the requests a side, the first 15 rounds set aside.
    assert m.pilot[:3] == (1, 1, 15) and m.pilot[3] > 2 * harness.TARGET_SPREAD
    assert m.batches == (4, 4)
    assert m.spread_met and m.rounds == 15
    assert len(plain.timings) == 15  # the plain page's row counts only the rounds kept


def test_larger_batches_grow_by_the_square_of_the_excess_within_limits():
    assert harness.larger_batches(0.12, 3, 3, 10.0) == (6, 6)  # (1.2)² = 1.44: twice
    assert harness.larger_batches(0.25, 1, 3, 30.0) == (4, 12)  # (2.5)² = 6.25: at most MAX_BATCH_SCALE
    assert harness.larger_batches(0.24, 1, 16, 574.0) == (4, 64)  # a sweep: four at a time, at four depths
    assert harness.larger_batches(0.30, 1, 16, 703.0) == (3, 48)  # as many as fit in MAX_SCALED_SIDE_MS
    assert harness.larger_batches(0.12, 1, 16, 1400.0) is None  # a slower target: more rounds instead
    assert harness.larger_batches(0.10, 3, 3, 10.0) is None


def test_the_same_target_one_request_per_round_stays_above_the_target_and_says_so(clock, monkeypatch):
    rng = random.Random(18)
    monkeypatch.setattr(harness, "batch_sizes", lambda target_ms, plain_ms: (1, 1))
    monkeypatch.setattr(harness, "larger_batches", lambda *sizes: None)
    plain = harness.Baseline(FakeClient(clock, rng), runs=15, warmups=3)
    m = plain.measure("cached", fake_target(clock, rng, 0.5, 0.3))
    # Without larger batches, more rounds do not make a target's own time steadier: all 4x the rounds, marked.
    assert m.rounds == 15 * harness.MAX_ROUNDS_FACTOR
    assert m.spread > harness.TARGET_SPREAD and not m.spread_met
    assert m.own_spread > harness.TARGET_SPREAD > m.plain_spread
    table = harness.markdown_table([("baseline", [m])])
    assert f"| ±{m.spread:.1%} (above 10% after {m.rounds} rounds) |" in table
    summary = harness.goals_summary([("baseline", [m])])
    assert "Spreads above 10%: 1 (baseline: cached ±" in summary
    assert f"its own time ±{m.own_spread:.0%}, the plain page's ±{m.plain_spread:.0%})." in summary


def test_a_slow_target_sits_between_two_halves_of_the_plain_batch(clock):
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng, jitter=0.0), runs=4, warmups=1)
    clock.log.clear()
    m = plain.measure("sweep", fake_target(clock, rng, 880.0, 0.0))
    assert m.batches == (1, 16)
    first_round = clock.log[2 : 2 + 17]  # after one warm-up and the counted request
    assert first_round == ["plain"] * 8 + ["target"] + ["plain"] * 8
    assert m.ratio == pytest.approx(880.0 / PLAIN_MS)
    assert m.spread == pytest.approx(0.0, abs=1e-9)


def test_an_odd_plain_batch_puts_its_extra_request_before_the_target_every_other_round(clock):
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng, jitter=0.0), runs=4, warmups=1)
    clock.log.clear()
    plain.measure("list", fake_target(clock, rng, 40.0, 0.0))  # 40 ms: beside 3 plain requests (34.8 ms)
    rounds = "".join("t" if what == "target" else "p" for what in clock.log[2:])
    assert rounds == "ptpp" + "pptp" + "ptpp" + "pptp"  # an odd plain batch: the extra one alternates sides


def test_query_counts_come_from_one_request(clock, monkeypatch):
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng, jitter=0.0), runs=4, warmups=2)
    calls = []
    work = fake_target(clock, rng, 0.5, 0.0)
    counted = []

    def counting(inner):
        before = len(calls)
        result = inner()
        counted.append(len(calls) - before)
        return 3, result

    monkeypatch.setattr(harness, "count_queries", counting)
    m = plain.measure("cached", lambda: calls.append(1) or work())
    assert counted == [1]
    assert m.queries == 3
    # Warm-ups, the counted request, one untimed batch to size the batches by, the timed rounds.
    assert len(calls) == 2 + 1 + m.batches[0] + 4 * m.batches[0]


def test_a_fast_target_is_sized_by_an_untimed_batch_not_only_by_its_cold_warm_ups(clock):
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng, jitter=0.0), runs=4, warmups=3)
    cold = iter([5.0, 3.0, 2.0])  # the first requests fill caches

    def work():
        clock.spend(next(cold, 0.5), "target")

    m = plain.measure("cached", work)
    assert harness.batch_sizes(2.0, PLAIN_MS) == (17, 3)  # what the fastest warm-up alone would say
    assert m.batches == (70, 3)
    assert m.median_ms == pytest.approx(0.5)


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def test_rounds_start_at_depths_spread_over_one_chunk_of_the_frame_stack(clock):
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng, jitter=0.0), runs=15, warmups=1)
    depths = []

    def work():
        depths.append(stack_depth())
        clock.spend(40.0, "target")
        return 200

    plain.measure("list", work)
    rounds = depths[2:]  # after one warm-up and the counted request
    offsets = sorted(depth - min(rounds) for depth in rounds)
    assert len(set(offsets)) == 15
    assert offsets[-1] >= harness.STACK_CYCLE * 0.9  # the whole chunk, not one corner of it
    assert max(b - a for a, b in zip(offsets, offsets[1:], strict=False)) <= harness.STACK_CYCLE / 5


def test_a_target_slowed_at_a_few_depths_is_reported_at_its_usual_cost(clock):
    """As CPython 3.11 does to a request whose hot calls cross a chunk boundary of its frame stack at some depths
    (gh-142183): 40 ms at most depths, 55 ms in a band of a tenth of the cycle. Every round at one depth would
    report one or the other by chance; spread over the depths, the ratio is the usual cost."""
    rng = random.Random(18)
    plain = harness.Baseline(FakeClient(clock, rng, jitter=0.0), runs=15, warmups=1)
    base = stack_depth()

    def work():
        in_band = (stack_depth() - base) % harness.STACK_CYCLE < harness.STACK_CYCLE // 10
        clock.spend(55.0 if in_band else 40.0, "target")
        return 200

    m = plain.measure("list", work)
    assert m.ratio == pytest.approx(40.0 / PLAIN_MS)
