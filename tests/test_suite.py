"""The suite's own machinery: a parallel run by groups (`./dev test`) groups its tests."""

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
