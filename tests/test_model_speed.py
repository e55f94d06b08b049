"""`Removal`'s own __init__ against the one @dataclass(frozen=True) writes, kept here as the
reference: everything a user can see of a removal must be the same."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import pickle
from dataclasses import dataclass
from typing import Any

import pytest

from cleaner.model import Removal


@dataclass(frozen=True)
class _Removal:
    """Removal as it was declared before its __init__ was written out."""

    rule: str
    family: str
    text: str
    line: int
    col: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "family": self.family, "text": self.text, "line": self.line,
                "col": self.col}


CASES = [(("CH101", "navigation", "Home", 3), {}), (("MD105", "metadata", "| Site", 1, 42), {}),
         ((), {"rule": "X", "family": "y", "text": "", "line": 0, "col": 7}),
         (("RL110",), {"family": "related", "text": "Ä ü — “q”", "line": 10 ** 6})]


@pytest.mark.parametrize("args,kwargs", CASES)
def test_removal_matches_the_generated_init(args, kwargs):
    new, ref = Removal(*args, **kwargs), _Removal(*args, **kwargs)
    assert vars(new) == vars(ref) and list(vars(new)) == list(vars(ref))
    assert repr(new) == repr(ref).replace("_Removal", "Removal", 1)
    assert dataclasses.astuple(new) == dataclasses.astuple(ref)
    assert dataclasses.asdict(new) == dataclasses.asdict(ref)
    assert new.to_dict() == ref.to_dict()
    assert json.dumps(new.to_dict()) == json.dumps(ref.to_dict())
    assert hash(new) == hash(ref) == hash(Removal(*args, **kwargs))
    assert new == Removal(*args, **kwargs) and new != dataclasses.replace(new, col=new.col + 1)
    assert dataclasses.replace(new, text="t") == Removal(**{**dataclasses.asdict(new), "text": "t"})
    assert pickle.loads(pickle.dumps(new)) == new and copy.deepcopy(new) == new
    with pytest.raises(dataclasses.FrozenInstanceError):
        new.rule = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del new.text  # type: ignore[misc]


def test_removal_class_matches_the_generated_one():
    assert inspect.signature(Removal) == inspect.signature(_Removal)
    assert str(inspect.signature(Removal)) == str(inspect.signature(_Removal))
    assert Removal.__init__.__annotations__ == _Removal.__init__.__annotations__
    assert Removal.__init__.__defaults__ == _Removal.__init__.__defaults__
    assert Removal.__init__.__qualname__ == "Removal.__init__"
    assert [(f.name, f.type, f.default, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(Removal)] == \
        [(f.name, f.type, f.default, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(_Removal)]
    assert Removal.__match_args__ == _Removal.__match_args__
    assert Removal.__dataclass_params__.frozen and Removal.__dataclass_params__.eq
    assert Removal.__dataclass_params__.__repr__() == _Removal.__dataclass_params__.__repr__()


@pytest.mark.parametrize("args,kwargs", [((), {}), (("a", "b", "c"), {}), (("a", "b", "c", 1, 2, 3), {}),
                                         (("a", "b", "c", 1), {"rule": "x"}), (("a", "b", "c", 1), {"row": 2})])
def test_removal_rejects_what_the_generated_init_rejects(args, kwargs):
    with pytest.raises(TypeError) as new:
        Removal(*args, **kwargs)
    with pytest.raises(TypeError) as ref:
        _Removal(*args, **kwargs)
    assert str(new.value) == str(ref.value).replace("_Removal", "Removal")
