"""What the registries promise, checked from the registries themselves, so that a thing added
in its one place is held to the same contract as the rest: every rule kind says what it pays
(`terms`) and what a client could do (`steps`), and has its own test-policy folder; every
factor kind the engine makes is one the JSON reference names."""

from __future__ import annotations

import typing

import pytest
from conftest import KIND_POLICIES, ROOT, policy_folders

from ipcalc.i18n import Text
from ipcalc.library import read_library
from ipcalc.policy_tests import case_files, read_cases
from ipcalc.result import FACTOR_KINDS, FactorKind
from ipcalc.rules import kinds
from ipcalc.rules.base import Rule


def left_out(kind: type[Rule]) -> list[str]:
    """The parts of the kind contract a kind leaves to `Rule`, which has no default for them."""
    return [name for name in ("read", "items", "terms", "steps") if getattr(kind, name) is getattr(Rule, name)]


@pytest.mark.parametrize("name", list(kinds()))
def test_every_rule_kind_says_what_it_pays_and_what_a_client_could_do(name):
    # A kind without `steps` would be silently left out of `ipcalc opportunities`; one that
    # has none returns [] and says why.
    assert left_out(kinds()[name]) == []


def test_a_kind_that_leaves_out_steps_is_caught():
    class Forgetful(Rule):
        KIND = "forgetful"

        @classmethod
        def read(cls, rd):
            return {}

        def items(self, ctx):
            return iter(())

        def terms(self, vocab):
            return []

    assert left_out(Forgetful) == ["steps"]
    with pytest.raises(NotImplementedError, match="'forgetful' does not say what a client could do"):
        Forgetful(id="r", clause="1", label=Text("a rule", "规则"), text=()).steps(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(kinds()))
def test_every_rule_kind_has_its_own_test_policy_with_cases(name):
    # tests/policies/kinds/KIND: a policy of that kind's rules alone, so that a case there
    # changes only when this kind does.
    folder = KIND_POLICIES / name
    library = read_library([str(folder)])
    own = [p for p in library.policies.values() if p.origin == "user"]
    assert [p.id for p in own] == [f"kind_{name}"]
    assert {rule.kind for rule in own[0].rules} == {name}
    (file,) = case_files(folder)
    assert read_cases(file, library).cases


def test_the_factor_kinds_are_one_list():
    # The Literal the type checker holds the engine to, and the table docs/json.md shows.
    assert typing.get_args(FactorKind) == tuple(FACTOR_KINDS)


def test_every_factor_the_engine_makes_is_a_documented_kind():
    # Every case of every test and example policy, and of the bundled ones.
    made: set[str] = set()
    for folder in [ROOT / "policies", *policy_folders()]:
        library = read_library([] if folder.name == "policies" and folder.parent == ROOT else [str(folder)])
        for file in case_files(folder):
            for case in read_cases(file, library).cases:
                estimate = library.evaluate(case.profile, policy_ids=[case.policy], as_of=case.as_of, lpr=case.lpr)
                made |= {f.kind for result in estimate.policies for item in result.items for f in item.factors}
    assert made == set(FACTOR_KINDS)
