import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from cleannews.collect.files import RunLock, RunOutput, repair
from cleannews.collect.state import MAX_ATTEMPTS, Candidate, State, Validators
from cleannews.errors import AlreadyRunning
from cleannews.models import Article

BASE = "https://news.example.com/"


def cand(path, *, published=None, wanted=True):
    return Candidate(BASE + path, BASE + path + "?utm_source=x", published, wanted)


@pytest.fixture
def state(tmp_path):
    with State(tmp_path / "state.db") as s:
        yield s


def test_new_urls_counted_once_and_kept_across_reopen(tmp_path):
    path = tmp_path / "state.db"
    with State(path) as state:
        assert state.add_candidates(BASE, [cand("a"), cand("b"), cand("c", wanted=False)]) == 2
        assert state.add_candidates(BASE, [cand("a"), cand("d")]) == 1
    with State(path) as state:
        assert [i.key for i in state.due()] == [BASE + "a", BASE + "b", BASE + "d"]
        assert state.status(BASE + "c") == "skipped"


def test_skipped_url_becomes_pending_when_wanted(state):
    state.add_candidates(BASE, [cand("a", wanted=False)])
    assert state.due() == []
    state.add_candidates(BASE, [cand("a")])
    assert [i.key for i in state.due()] == [BASE + "a"]


def test_due_is_newest_first_and_honours_since(state):
    day = datetime(2026, 11, 20, tzinfo=UTC)
    state.add_candidates(BASE, [cand("old", published=day), cand("undated"),
                                cand("new", published=day.replace(day=24))])
    assert [i.key[len(BASE):] for i in state.due()] == ["new", "old", "undated"]
    since = datetime(2026, 11, 22, tzinfo=UTC)
    assert [i.key[len(BASE):] for i in state.due(since)] == ["new", "undated"]


def test_source_validators_and_entries_commit_together(state):
    assert state.validators(BASE + "rss") == Validators()
    new = state.record_source(BASE + "rss", BASE, Validators('"e1"', "Tue", "h1", ("c",)), "ok",
                              [cand("a")])
    assert new == 1
    assert state.validators(BASE + "rss") == Validators('"e1"', "Tue", "h1", ("c",))
    with pytest.raises(RuntimeError), state.transaction():
        state.record_source(BASE + "rss", BASE, Validators('"e2"'), "ok", [cand("b")])
        raise RuntimeError("killed between the two")
    assert state.validators(BASE + "rss").etag == '"e1"'
    assert state.status(BASE + "b") is None
    # A failure keeps the validators the last good answer gave.
    state.record_source(BASE + "rss", BASE, None, "HTTPStatusError: HTTP 500")
    assert state.validators(BASE + "rss").etag == '"e1"'


def test_writing_then_collected_and_duplicates(state):
    state.add_candidates(BASE, [cand("a"), cand("b"), cand("c")])
    run, output = state.begin_run("/out/x-run{run}.jsonl")
    assert output == f"/out/x-run{run}.jsonl"
    state.mark_writing(BASE + "a", BASE + "a-final", "hash-a", "t", run)
    assert state.writing(run) == [(BASE + "a", BASE + "a-final")]
    assert state.duplicate_of(BASE + "b", BASE + "b", "hash-a") == BASE + "a"
    state.mark_collected([BASE + "a"])
    assert state.status(BASE + "a") == "collected"
    assert state.duplicate_of(BASE + "b", BASE + "a-final", None) == BASE + "a"
    assert state.duplicate_of(BASE + "b", BASE + "b", "other") is None
    assert state.duplicate_of(BASE + "b", BASE + "b", None) is None
    state.mark_duplicate(BASE + "b", BASE + "a", BASE + "b", "hash-a", "t")
    assert [i.key for i in state.due()] == [BASE + "c"]
    assert state.unfinished_runs() == [(run, output)]
    state.finish_run(run, {"fetched": 1})
    assert state.unfinished_runs() == []


def test_failures_retried_until_attempts_run_out(state):
    state.add_candidates(BASE, [cand("flaky"), cand("gone")])
    state.mark_failed(BASE + "gone", "HTTPStatusError: HTTP 404", final=True, fetched_at="t")
    for attempt in range(MAX_ATTEMPTS):
        assert [i.key for i in state.due()] == [BASE + "flaky"]
        state.mark_failed(BASE + "flaky", "ReadTimeout", final=False, fetched_at=f"t{attempt}")
    assert state.due() == []


def test_mark_pending_gives_the_attempt_back(state):
    state.add_candidates(BASE, [cand("a")])
    run, _ = state.begin_run("o")
    state.mark_writing(BASE + "a", BASE + "a", None, "t", run)
    state.mark_pending([BASE + "a"])
    (item,) = state.due()
    assert item.key == BASE + "a" and item.attempts == 0


# --- the run's files -------------------------------------------------------------------------

def test_lock_refuses_a_second_holder_and_names_the_first(tmp_path):
    with RunLock(tmp_path / "state.db"), \
            pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"), \
            RunLock(tmp_path / "state.db"):
        pass
    with RunLock(tmp_path / "state.db"):
        pass  # released on exit


def test_lock_of_a_killed_process_is_released(tmp_path):
    code = ("import sys, time; from cleannews.collect.files import RunLock\n"
            "with RunLock(sys.argv[1]):\n    print('locked', flush=True); time.sleep(60)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "state.db")],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning), RunLock(tmp_path / "state.db"):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with RunLock(tmp_path / "state.db"):
            pass  # the stale lock file is still there, the lock is not
        assert (tmp_path / "state.db.lock").exists()
    finally:
        holder.kill()
        holder.stdout.close()


def test_output_created_on_first_record_only(tmp_path):
    path = tmp_path / "data" / "run.jsonl"
    with RunOutput(path) as output:
        assert not path.exists()
        output.write_all([Article(url=BASE + "a", headline="A")])
        output.write_all([Article(url=BASE + "b", headline="B"), Article(url=BASE + "c")])
    assert output.written == 3
    assert [json.loads(line)["url"] for line in path.read_text().splitlines()] == [
        BASE + "a", BASE + "b", BASE + "c"]


def test_repair_cuts_a_torn_last_line(tmp_path):
    path = tmp_path / "run.jsonl"
    whole = json.dumps({"url": BASE + "a"}) + "\n" + "not json\n" + "[1]\n"
    path.write_text(whole + '{"url": "https://news.exa')
    assert [r["url"] for r in repair(path)] == [BASE + "a"]
    assert path.read_text() == whole
    assert list(repair(tmp_path / "missing.jsonl")) == []


def test_run_stopped_while_writing_is_reconciled_even_if_marked_finished(state):
    state.add_candidates(BASE, [cand("a")])
    run, output = state.begin_run("o")
    state.mark_writing(BASE + "a", BASE + "a", None, "t", run)
    state.finish_run(run, {})  # an error unwound the run between write and commit
    assert state.unfinished_runs() == [(run, output)]
    state.mark_pending([BASE + "a"])
    state.close_run(run)
    assert state.unfinished_runs() == []
