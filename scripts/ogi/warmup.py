"""Imported once by the parse workers' fork server (workers.py): parses one small report so that what the
parser loads on first use (the OpenCC dictionaries, the gazetteer) is loaded before any worker is forked.
Every worker then starts with it loaded and shares its memory, and a file's time budget measures the
file, not the loading."""

from __future__ import annotations

from pathlib import Path

from .pipeline import process_file

_SAMPLE = ("宁晋县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本机关主动公开政府信息12条。\n"
           "二、主动公开政府信息情况\n").encode("utf-8")

process_file(Path("warm-up.txt"), Path("."), data=_SAMPLE)
