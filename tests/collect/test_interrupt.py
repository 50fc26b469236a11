"""Ctrl-C during a collect run: one line, status 130, what was written stays whole and the
next run carries on without calling the interrupted one a crash."""

from __future__ import annotations

import time

from clirun import ctrl_c, run_cli
from newssite import NewsSite, sites_toml


def test_ctrl_c_during_collect(tmp_path):
    with NewsSite() as site:
        site.publish(1, 2)
        site.delays["/news/story-1.html"] = 30.0
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml(site))
        args = ["collect", str(sites), "--out", str(tmp_path / "data"), "--state",
                str(tmp_path / "state.db"), "--allow-private", "--timeout", "60"]
        proc = run_cli(*args, "-q")
        deadline = time.monotonic() + 30
        while not any(p.read_text().endswith("\n") for p in (tmp_path / "data").glob("*.jsonl")):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        ctrl_c(proc)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130
        assert err.decode().splitlines() == ["cleannews: interrupted"]
        site.delays.clear()
        _, err = run_cli(*args).communicate(timeout=60)
    assert "was killed" not in err.decode() and "fetched 1" in err.decode()
    records = sorted(line for p in (tmp_path / "data").glob("*.jsonl")
                       for line in p.read_text().splitlines())
    assert len(records) == 2
