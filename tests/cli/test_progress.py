"""Progress bars: on stderr, only when it is a terminal (a pseudo-terminal here)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import termios

from clirun import run_cli
from newssite import NewsSite, sites_toml

PAGE = ("<html><body><article><h1>Headline here</h1>"
        + "<p>Some sentence of the article body text. </p>" * 10 + "</article></body></html>")


def on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal; (status, stdout, what the terminal got)."""
    main, other = pty.openpty()
    # a terminal 100 columns wide (a fresh pseudo-terminal has none, and tqdm draws nothing)
    fcntl.ioctl(other, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = run_cli(*args, stderr=other)
    os.close(other)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal's other end closed: the process is done
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=60)
    os.close(main)
    return proc.returncode, out.decode(), seen.decode("utf-8", "replace")


def test_extract_over_many_files_shows_a_bar_on_a_terminal_only(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}.html").write_text(PAGE)
    status, out, terminal = on_a_terminal("extract", str(tmp_path))
    assert status == 0 and len(out.splitlines()) == 5
    assert "5/5" in terminal and "page" in terminal
    status, _, terminal = on_a_terminal("extract", str(tmp_path), "-q")
    assert status == 0 and terminal == ""
    out, err = run_cli("extract", str(tmp_path)).communicate(timeout=60)
    assert len(out.splitlines()) == 5 and err == b""  # not a terminal: no bar


def test_collect_shows_a_bar_over_the_articles(tmp_path):
    with NewsSite() as site:
        site.publish(1, 2, 3)
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml(site))
        status, _, terminal = on_a_terminal(
            "collect", str(sites), "--out", str(tmp_path / "data"), "--state",
            str(tmp_path / "state.db"), "--allow-private")
    assert status == 0
    assert "3/3" in terminal and "article" in terminal
