"""`cleannews extract` as people run it: folders, lists, worker processes, bad outputs,
pipes closed early, Ctrl-C, flags after the verb."""

from __future__ import annotations

import gzip
import json
import subprocess

import pytest

from cleannews.cli.main import main
from clirun import ctrl_c, run_cli, wait_for_a_record


def page(headline: str) -> str:
    return (f"<html><body><article><h1>{headline}</h1>"
            + "<p>Some sentence of the article body text. </p>" * 10 + "</article></body></html>")


@pytest.fixture
def pages(tmp_path):
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    (root / "a.html").write_text(page("A"))
    (root / "b.HTM").write_text(page("B"))
    (root / "c.html.gz").write_bytes(gzip.compress(page("C").encode()))
    (root / "notes.txt").write_text("not a page")
    (root / "sub" / "d.html").write_text(page("D"))
    return root


def headlines(text: str) -> list[str]:
    return [json.loads(line)["headline"] for line in text.splitlines()]


def test_folders_flat_and_recursive(pages, capsys):
    assert main(["extract", str(pages)]) == 0
    assert headlines(capsys.readouterr().out) == ["A", "B", "C"]
    assert main(["extract", "-r", str(pages)]) == 0
    assert headlines(capsys.readouterr().out) == ["A", "B", "C", "D"]


def test_input_list_and_workers_keep_input_order(pages, tmp_path, capsys):
    listing = tmp_path / "list.txt"
    names = [pages / "sub" / "d.html", pages / "c.html.gz", pages / "missing.html",
             pages / "a.html"]
    listing.write_text("# pages to read\n" + "".join(f"{p}\n\n" for p in names))
    assert main(["extract", "-i", str(listing)]) == 1
    inline = capsys.readouterr()
    assert headlines(inline.out) == ["D", "C", "A"] and "missing.html" in inline.err
    assert main(["extract", "-i", str(listing), "--workers", "2"]) == 1
    pooled = capsys.readouterr()
    assert pooled.out == inline.out and pooled.err == inline.err


def test_unwritable_output_is_one_line_and_status_2(pages, capsys):
    assert main(["extract", str(pages / "a.html"), "-o", "/no/such/dir/out.jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/no/such/dir/out.jsonl" in err and "Traceback" not in err


def test_verbosity_flags_after_the_verb(pages, capsys):
    assert main(["extract", str(pages / "a.html"), "-v"]) == 0
    err = capsys.readouterr().err
    assert "a.html: " in err and " words in " in err
    assert main(["extract", "-q", str(pages / "missing.html"), "-v"]) == 3


def test_pipe_closed_early_is_one_line(pages):
    many = [str(pages / "a.html")] * 3000
    proc = run_cli("extract", *many)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141
    assert err.decode().splitlines() == ["cleannews: output closed early (broken pipe); stopped"]


def test_ctrl_c_is_one_line_status_130_and_whole_output(pages, tmp_path):
    out = tmp_path / "out.jsonl"
    # the second input is stdin, which never ends: the run waits there for the Ctrl-C
    proc = run_cli("extract", str(pages / "a.html"), "-", "-o", str(out),
                   stdin=subprocess.PIPE)
    wait_for_a_record(out, proc)
    ctrl_c(proc)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().splitlines() == ["cleannews: interrupted"]
    assert headlines(out.read_text()) == ["A"]
