"""Ray and Ray Data talk a lot on stderr: only -vv lets them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_warc import mixed_records, write_warc

pytest.importorskip("ray")


def test_ray_engine_is_quiet_unless_vv(tmp_path):
    path = write_warc(tmp_path / "mixed.warc.gz", mixed_records())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def stderr(*flags: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "cleannews", "warc", str(path), "--out",
             str(tmp_path / "out"), "--engine", "ray", "--force", *flags],
            capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stderr

    assert stderr("-q") == ""
    assert "INFO" in stderr("-vv")
