"""The complexity check of `make lint`: it names each function above the limit, and only those."""

from __future__ import annotations

from infra.complexity import LIMIT, offenders


def branches(count: int) -> str:
    body = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(count))
    return f"def f(x):\n{body}    return -1\n"


def test_a_function_above_the_limit_is_named_with_its_complexity(tmp_path):
    (tmp_path / "simple.py").write_text(branches(LIMIT - 1))
    (tmp_path / "tangled.py").write_text(branches(LIMIT))
    assert offenders((str(tmp_path),)) == [f"{tmp_path / 'tangled.py'}:1 f ({LIMIT + 1})"]


def test_generated_bodies_are_not_counted_but_the_platform_runtime_is(tmp_path):
    (tmp_path / "area").mkdir()
    (tmp_path / "platform").mkdir()
    (tmp_path / "area" / "bodies.py").write_text(branches(LIMIT))
    (tmp_path / "platform" / "bodies.py").write_text(branches(LIMIT))
    assert [line.split(":")[0] for line in offenders((str(tmp_path),))] == [str(tmp_path / "platform" / "bodies.py")]
