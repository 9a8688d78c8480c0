"""The suite's own machinery: a parallel run by groups (`./dev test`) groups its tests, and the
list of costly tests (tests/costs.txt) names tests that are there."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("suite")
def test_a_parallel_run_by_groups_puts_each_group_on_one_worker(request):
    """pytest-xdist's --dist loadgroup sends a group's tests to one worker by the group it
    adds to their node ids; some pytest versions keep that from taking effect (pyproject.toml
    pins one that does not), and then every shared fixture is made on every worker and tests
    that run in order are split. Outside such a run there is nothing to ask."""
    if not getattr(request.config.option, "loadgroup", False):
        return
    assert request.node.nodeid.endswith("@suite"), (
        f"{request.node.nodeid}: pytest-xdist's loadgroup does not group with pytest "
        f"{pytest.__version__}; install the version pyproject.toml asks for (./dev setup)"
    )


def test_the_tests_listed_as_costly_are_tests_of_the_suite():
    """tests/costs.txt names tests by node id: a test renamed or removed since the list was
    measured would leave a line that marks nothing, and the renamed test back in the fast set
    unnoticed. Each line names a test function its module defines."""
    import re

    from conftest import COSTS, costly_tests

    listed = costly_tests(COSTS)
    assert listed, "tests/costs.txt lists no test: measure with scripts/test_costs.py"
    root = COSTS.parent.parent
    unknown = []
    for node in sorted(listed):
        module, _, name = node.partition("::")
        function = name.split("[", 1)[0]
        path = root / module
        source = path.read_text(encoding="utf-8") if path.exists() else ""
        if not re.search(rf"^def {re.escape(function)}\(", source, re.MULTILINE):
            unknown.append(node)
    assert unknown == [], "measure again: python scripts/test_costs.py"
